/* pi.c: the C reference for greenlab/kernels/pi (Monte Carlo estimate of pi).
 *
 *     pi OUT.bin MIN_TIME_S REPEAT X.bin Y.bin
 *
 * X.bin, Y.bin: the n float64 coordinates KERNEL.make_input drew from numpy's seeded
 * Generator (drawn once, in Python: every variant and this program count the same points).
 * OUT.bin: one float64, 4.0 * inside / n, where inside counts x*x + y*y <= 1.0.
 *
 * The comparison adds 0 or 1 with no branch (as the Cython variant does), a loop the
 * compiler can vectorize.
 */
#include "bench.h"

typedef struct {
    const double *x, *y;
    size_t n;
    double estimate;
    void *result; /* what bench_run writes to OUT.bin */
} pi_ctx;

KERNEL static void estimate_pi(void *p)
{
    pi_ctx *k = p;
    const double *x = k->x, *y = k->y;
    const size_t n = k->n;
    int64_t inside = 0;
    for (size_t i = 0; i < n; i++)
        inside += x[i] * x[i] + y[i] * y[i] <= 1.0;
    k->estimate = 4.0 * (double)inside / (double)n;
}

int main(int argc, char **argv)
{
    bench_options o = bench_parse(argc, argv, 2, "X.bin Y.bin");
    pi_ctx k;
    size_t ny;
    k.x = read_bin(argv[4], sizeof(double), &k.n);
    k.y = read_bin(argv[5], sizeof(double), &ny);
    if (k.n == 0 || ny != k.n)
        die("X.bin and Y.bin must hold the same number (> 0) of doubles; got %zu and %zu", k.n, ny);
    k.estimate = 0.0;
    k.result = &k.estimate;
    bench_run("pi", estimate_pi, &k, &k.result, sizeof(double), o);
    return 0;
}
