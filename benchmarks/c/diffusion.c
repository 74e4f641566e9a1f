/* diffusion.c: the C reference for greenlab/kernels/diffusion (2-D heat, periodic stencil).
 *
 *     diffusion OUT.bin MIN_TIME_S REPEAT GRID.bin N STEPS COEFF
 *
 * GRID.bin: the (N, N) float64 starting grid from KERNEL.make_input, C order.
 * OUT.bin: the (N, N) float64 grid after STEPS steps of
 *     new = u + coeff * (up + down + left + right - 4 u),   indices wrapping around,
 * summed in the same order as every Python variant: ((((up + down) + left) + right) - 4u).
 *
 * Like the Numba and Cython variants: each call allocates two buffers, copies the input into
 * one (the caller's grid never changes), the buffers swap roles each step, and the first and
 * last columns are written out on their own so the columns between form a plain loop the
 * compiler can vectorize. The buffer holding the answer is returned, the other freed.
 */
#include "bench.h"

typedef struct {
    const double *grid;
    size_t n;
    long steps;
    double coeff;
    void *result; /* this call's output, the final grid: what bench_run writes to OUT.bin */
} diffusion_ctx;

KERNEL static void diffuse(void *p)
{
    diffusion_ctx *k = p;
    const size_t rows = k->n, cols = k->n, last = cols - 1;
    const double coeff = k->coeff;
    free(k->result); /* the previous call's answer, as Python drops it */
    double *u = alloc_output(rows * cols * sizeof(double));
    double *next = alloc_output(rows * cols * sizeof(double));
    memcpy(u, k->grid, rows * cols * sizeof(double));
    for (long s = 0; s < k->steps; s++) {
        for (size_t i = 0; i < rows; i++) {
            const double *up = u + (i > 0 ? i - 1 : rows - 1) * cols;
            const double *down = u + (i < rows - 1 ? i + 1 : 0) * cols;
            const double *row = u + i * cols;
            double *out = next + i * cols;
            out[0] = row[0] + coeff * (up[0] + down[0] + row[last] + row[1] - 4.0 * row[0]);
            for (size_t j = 1; j < last; j++)
                out[j] = row[j] + coeff * (up[j] + down[j] + row[j - 1] + row[j + 1] - 4.0 * row[j]);
            out[last] = row[last] + coeff * (up[last] + down[last] + row[last - 1] + row[0] - 4.0 * row[last]);
        }
        double *t = u;
        u = next;
        next = t;
    }
    free(next);
    k->result = u;
}

int main(int argc, char **argv)
{
    bench_options o = bench_parse(argc, argv, 4, "GRID.bin N STEPS COEFF");
    diffusion_ctx k;
    size_t count;
    k.grid = read_bin(argv[4], sizeof(double), &count);
    k.n = (size_t)parse_long(argv[5], "N", 3);
    k.steps = parse_long(argv[6], "STEPS", 0);
    k.coeff = parse_double(argv[7], "COEFF");
    if (count != k.n * k.n)
        die("%s holds %zu doubles, expected N*N = %zu", argv[4], count, k.n * k.n);
    k.result = NULL;
    bench_run("diffusion", diffuse, &k, &k.result, count * sizeof(double), o);
    return 0;
}
