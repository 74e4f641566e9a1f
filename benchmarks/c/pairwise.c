/* pairwise.c: the C reference for greenlab/kernels/pairwise.
 *
 *     pairwise OUT.bin MIN_TIME_S REPEAT POINTS.bin N D
 *
 * POINTS.bin: the (N, D) float64 points from KERNEL.make_input, C order.
 * OUT.bin: the (N, N) float64 Euclidean distances.
 *
 * The same three loops as the Numba and Cython variants: the full matrix (no use of the
 * symmetry, as in every Python variant), squares summed in dimension order, then sqrt.
 */
#include "bench.h"
#include <math.h>

typedef struct {
    const double *points;
    size_t n, d;
    void *result; /* this call's output, the distances: what bench_run writes to OUT.bin */
} pairwise_ctx;

KERNEL static void pairwise(void *p)
{
    pairwise_ctx *k = p;
    const size_t n = k->n, d = k->d;
    const double *pts = k->points;
    free(k->result); /* the previous call's answer, as Python drops it */
    double *out = k->result = alloc_output(n * n * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            double total = 0.0;
            for (size_t m = 0; m < d; m++) {
                double delta = pts[i * d + m] - pts[j * d + m];
                total += delta * delta;
            }
            out[i * n + j] = sqrt(total);
        }
    }
}

int main(int argc, char **argv)
{
    bench_options o = bench_parse(argc, argv, 3, "POINTS.bin N D");
    pairwise_ctx k;
    size_t count;
    k.points = read_bin(argv[4], sizeof(double), &count);
    k.n = (size_t)parse_long(argv[5], "N", 1);
    k.d = (size_t)parse_long(argv[6], "D", 1);
    if (count != k.n * k.d)
        die("%s holds %zu doubles, expected N*D = %zu", argv[4], count, k.n * k.d);
    k.result = NULL;
    bench_run("pairwise", pairwise, &k, &k.result, k.n * k.n * sizeof(double), o);
    return 0;
}
