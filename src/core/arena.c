/* arena.c — one arena per article: bump allocation, freed in one call. */
#include "vnews.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct block {
    struct block *next;
    size_t size, used;
    max_align_t align[]; /* data follows, aligned */
} block;

struct vn_arena {
    block *head;  /* current block (newest) */
    block *first; /* kept across resets */
    size_t total;
};

#define FIRST_BLOCK (64 * 1024)

static block *block_new(size_t size)
{
    block *b = malloc(sizeof(block) + size);
    if (!b) {
        fprintf(stderr, "vnews: out of memory (arena block of %zu bytes)\n", size);
        abort();
    }
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

vn_arena *vn_arena_new(void)
{
    vn_arena *a = calloc(1, sizeof *a);
    if (!a) {
        fprintf(stderr, "vnews: out of memory\n");
        abort();
    }
    a->first = a->head = block_new(FIRST_BLOCK);
    return a;
}

static void *alloc_raw(vn_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    block *b = a->head;
    if (b->size - b->used < n) {
        size_t size = b->size * 2;
        if (size < n)
            size = n;
        if (size > (64u << 20) && n < (64u << 20))
            size = (64u << 20);
        block *nb = block_new(size);
        nb->next = a->head;
        a->head = nb;
        b = nb;
    }
    void *p = (char *)b->align + b->used;
    b->used += n;
    a->total += n;
    return p;
}

void *vn_arena_alloc(vn_arena *a, size_t n)
{
    void *p = alloc_raw(a, n);
    memset(p, 0, n);
    return p;
}

char *vn_arena_strndup(vn_arena *a, const char *s, size_t n)
{
    char *p = alloc_raw(a, n + 1); /* no need to zero what is copied over */
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *vn_arena_strdup(vn_arena *a, const char *s)
{
    return vn_arena_strndup(a, s, strlen(s));
}

char *vn_arena_printf(vn_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = vn_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void vn_arena_reset(vn_arena *a)
{
    block *b = a->head;
    while (b != a->first) {
        block *next = b->next;
        free(b);
        b = next;
    }
    a->head = a->first;
    a->first->used = 0;
    a->total = 0;
}

void vn_arena_free(vn_arena *a)
{
    if (!a)
        return;
    block *b = a->head;
    while (b) {
        block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

size_t vn_arena_used(const vn_arena *a)
{
    return a->total;
}
