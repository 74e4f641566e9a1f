/* julia.c: the C reference for greenlab/kernels/julia (High Performance Python, ch. 2).
 *
 *     julia OUT.bin MIN_TIME_S REPEAT X.bin Y.bin MAXITER C_REAL C_IMAG
 *
 * X.bin, Y.bin: the float64 axes from KERNEL.make_input (the book's while-loop grid, built
 * once in Python so every variant and this program start from the same doubles).
 * OUT.bin: int64 escape counts, shape (len(y), len(x)), row i is y[i].
 *
 * Same algorithm as the compiled variants (numba, cython): the escape test is
 * zr*zr + zi*zi < 4.0, the rewrite of abs(z) < 2 that High Performance Python's Cython chapter
 * makes; z*z + c is (zr*zr - zi*zi) + cr, (zr*zi + zi*zr) + ci. No -ffast-math and
 * -ffp-contract=off, so the counts are exactly Python's on the kernel's grids.
 *
 * Built with -DHYPOT_TEST, the escape test is hypot(zr, zi) < 2.0, what pure Python's
 * abs(complex) does; the benchmark runs it as an informational row to show what hypot costs.
 */
#include "bench.h"
#include <math.h>

typedef struct {
    const double *x, *y;
    size_t nx, ny;
    long maxiter;
    double cr, ci;
    void *result; /* this call's output, the int64 counts: what bench_run writes to OUT.bin */
} julia_ctx;

KERNEL static void julia(void *p)
{
    julia_ctx *k = p;
    const double cr = k->cr, ci = k->ci;
    const long maxiter = k->maxiter;
    free(k->result); /* the previous call's answer, as Python drops it */
    int64_t *out = k->result = alloc_output(k->nx * k->ny * sizeof(int64_t));
    for (size_t i = 0; i < k->ny; i++) {
        for (size_t j = 0; j < k->nx; j++) {
            double zr = k->x[j], zi = k->y[i];
            long n = 0;
#ifndef HYPOT_TEST
            while (zr * zr + zi * zi < 4.0 && n < maxiter) {
#else
            while (hypot(zr, zi) < 2.0 && n < maxiter) {
#endif
                double cross = zr * zi;
                zr = zr * zr - zi * zi + cr;
                zi = cross + cross + ci;
                n++;
            }
            out[i * k->nx + j] = n;
        }
    }
}

int main(int argc, char **argv)
{
    bench_options o = bench_parse(argc, argv, 5, "X.bin Y.bin MAXITER C_REAL C_IMAG");
    julia_ctx k;
    k.x = read_bin(argv[4], sizeof(double), &k.nx);
    k.y = read_bin(argv[5], sizeof(double), &k.ny);
    k.maxiter = parse_long(argv[6], "MAXITER", 0);
    k.cr = parse_double(argv[7], "C_REAL");
    k.ci = parse_double(argv[8], "C_IMAG");
    k.result = NULL;
    bench_run("julia", julia, &k, &k.result, k.nx * k.ny * sizeof(int64_t), o);
    return 0;
}
