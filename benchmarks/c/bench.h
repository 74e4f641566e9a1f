/* bench.h: the timing harness shared by the C reference kernels (the .c files beside it).
 *
 * Each program is called by benchmarks/kernels.py as
 *
 *     PROGRAM OUT.bin MIN_TIME_S REPEAT [kernel arguments...]
 *
 * reads its inputs from the raw .bin files the Python side wrote (NumPy's tofile: native
 * byte order, C order, no header), and then measures the kernel the way greenlab.measure
 * does:
 *   1. one first call, timed on its own (page faults of fresh buffers land here);
 *      its output is written to OUT.bin for the Python side to compare;
 *   2. calibration, as timeit does: the loop count doubles until one run of `loops`
 *      calls lasts at least MIN_TIME_S;
 *   3. REPEAT runs of `loops` calls, each timed with clock_gettime(CLOCK_MONOTONIC)
 *      (wall) and CLOCK_PROCESS_CPUTIME_ID (CPU time, for the energy estimate).
 *
 * It prints a small line-oriented report that benchmarks/kernels.py parses
 * (parse_c_output there):
 *
 *     greenlab-c 1
 *     kernel julia
 *     first_call_s 0.0123
 *     loops 8
 *     run 0.0121 0.0121        <- per-call wall s, per-call CPU s, one line per repeat
 *     ...
 *     end
 *
 * Fairness: every Python variant returns a new array, so each C kernel allocates its output
 * inside the timed call too (alloc_output below, and frees the previous call's output, as
 * Python drops it). The kernel functions are marked KERNEL (noipa on gcc: no inlining, no
 * interprocedural constant propagation, no "pure function" CSE), and a compiler memory
 * barrier separates calls, so -O3 cannot hoist a repeated call out of the timing loop.
 */
#ifndef GREENLAB_BENCH_H
#define GREENLAB_BENCH_H

#define _DEFAULT_SOURCE /* clock_gettime, madvise */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#if defined(__clang__)
#define KERNEL __attribute__((noinline))
#elif defined(__GNUC__)
#define KERNEL __attribute__((noipa))
#else
#define KERNEL
#endif
#define BARRIER() __asm__ volatile("" ::: "memory")

#define MAX_LOOPS (1L << 30)

static inline void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static inline double clock_s(clockid_t which)
{
    struct timespec t;
    if (clock_gettime(which, &t) != 0)
        die("clock_gettime failed: %s", strerror(errno));
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static inline long parse_long(const char *text, const char *what, long min)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || *end || end == text || v < min)
        die("%s must be an integer >= %ld; got '%s'", what, min, text);
    return v;
}

static inline double parse_double(const char *text, const char *what)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || *end || end == text)
        die("%s must be a number; got '%s'", what, text);
    return v;
}

/* Read a whole raw file; *count = number of items of `item` bytes (the size must divide). */
static inline void *read_bin(const char *path, size_t item, size_t *count)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open input %s: %s", path, strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0)
        die("cannot seek %s", path);
    long size = ftell(f);
    rewind(f);
    if (size < 0 || (size_t)size % item != 0)
        die("%s holds %ld bytes, not a whole number of %zu-byte items", path, size, item);
    void *data = malloc(size ? (size_t)size : 1);
    if (!data)
        die("out of memory reading %s (%ld bytes)", path, size);
    if (size && fread(data, 1, (size_t)size, f) != (size_t)size)
        die("short read from %s", path);
    fclose(f);
    *count = (size_t)size / item;
    return data;
}

static inline void write_bin(const char *path, const void *data, size_t nbytes)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        die("cannot open output %s: %s", path, strerror(errno));
    if (nbytes && fwrite(data, 1, nbytes, f) != nbytes)
        die("short write to %s", path);
    if (fclose(f) != 0)
        die("cannot close %s: %s", path, strerror(errno));
}

static inline void *xmalloc(size_t nbytes)
{
    void *p = malloc(nbytes ? nbytes : 1);
    if (!p)
        die("out of memory (%zu bytes)", nbytes);
    return p;
}

/* Memory for a kernel's output, allocated the way NumPy allocates an array's data on Linux:
 * malloc, and for 4 MiB or more madvise(MADV_HUGEPAGE) on the page-aligned part
 * (numpy/_core/src/multiarray/alloc.c, "indicate_hugepages"), so a big output costs C what
 * np.empty costs Cython: with transparent huge pages in "madvise" mode, a fresh 72 MB
 * output faults in 36 huge pages instead of 18,000 small ones. Freed with free().
 * -DHUGEPAGE_THRESHOLD=SIZE_MAX gives plain malloc (what Numba's own allocator does). */
#ifndef HUGEPAGE_THRESHOLD
#define HUGEPAGE_THRESHOLD (4UL << 20)
#endif
static inline void *alloc_output(size_t nbytes)
{
    void *p = xmalloc(nbytes);
#ifdef MADV_HUGEPAGE
    if (nbytes >= HUGEPAGE_THRESHOLD) {
        const uintptr_t page = 4096;
        uintptr_t start = ((uintptr_t)p + page - 1) & ~(page - 1);
        uintptr_t end = ((uintptr_t)p + nbytes) & ~(page - 1);
        if (end > start)
            madvise((void *)start, end - start, MADV_HUGEPAGE); /* a hint: failure changes nothing */
    }
#endif
    return p;
}

/* One call of the kernel under test; `ctx` holds its inputs and output buffer. */
typedef void (*kernel_fn)(void *ctx);

typedef struct {
    const char *out_path;
    double min_time_s;
    long repeat;
} bench_options;

/* argv[1] = OUT.bin, argv[2] = MIN_TIME_S, argv[3] = REPEAT; kernel arguments follow. */
static inline bench_options bench_parse(int argc, char **argv, int n_kernel_args, const char *usage)
{
    if (argc != 4 + n_kernel_args) {
        fprintf(stderr, "usage: %s OUT.bin MIN_TIME_S REPEAT %s\n", argv[0], usage);
        exit(2);
    }
    bench_options o;
    o.out_path = argv[1];
    o.min_time_s = parse_double(argv[2], "MIN_TIME_S");
    if (!(o.min_time_s >= 0.0 && o.min_time_s <= 600.0))
        die("MIN_TIME_S must be between 0 and 600; got '%s'", argv[2]);
    o.repeat = parse_long(argv[3], "REPEAT", 1);
    return o;
}

static inline void run_calls(kernel_fn fn, void *ctx, long loops)
{
    for (long i = 0; i < loops; i++) {
        fn(ctx);
        BARRIER();
    }
}

/* First call, write its output, calibrate, repeat; print the report on stdout.
 * `*out` is read after the first call: a kernel that swaps buffers points it at its answer. */
static inline void bench_run(const char *name, kernel_fn fn, void *ctx, void *const *out, size_t out_nbytes,
                      bench_options o)
{
    printf("greenlab-c 1\nkernel %s\n", name);
    double t0 = clock_s(CLOCK_MONOTONIC);
    fn(ctx);
    BARRIER();
    double first = clock_s(CLOCK_MONOTONIC) - t0;
    printf("first_call_s %.9g\n", first);
    write_bin(o.out_path, *out, out_nbytes);

    long loops = 1;
    for (;;) {
        t0 = clock_s(CLOCK_MONOTONIC);
        run_calls(fn, ctx, loops);
        double elapsed = clock_s(CLOCK_MONOTONIC) - t0;
        if (elapsed >= o.min_time_s || loops >= MAX_LOOPS)
            break;
        loops *= 2;
    }
    printf("loops %ld\n", loops);
    for (long r = 0; r < o.repeat; r++) {
        double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        double w0 = clock_s(CLOCK_MONOTONIC);
        run_calls(fn, ctx, loops);
        double w1 = clock_s(CLOCK_MONOTONIC);
        double c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        printf("run %.9g %.9g\n", (w1 - w0) / (double)loops, (c1 - c0) / (double)loops);
    }
    printf("end\n");
    fflush(stdout);
}

#endif
