/* main.c — `vnews COMMAND ...`: dispatch, shared helpers. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const cli_cmd commands[] = {
    {"extract", cmd_extract, "pages -> records (JSON Lines) with the article and what it names"},
    {"clean", cmd_clean, "pages -> the clean article (title, lead, body) as text or JSON Lines"},
    {"normalize", cmd_normalize, "text -> UTF-8, NFC, one tone placement, legacy encodings converted"},
    {"ingest", cmd_ingest, "extract and store pages (or records) in an archive"},
    {"search", cmd_search, "full-text search of the archive (diacritics optional)"},
    {"docs", cmd_docs, "the registry of cited documents"},
    {"people", cmd_people, "officials and their positions over time"},
    {"who", cmd_who, "who held a position (in a province, at a date)"},
    {"events", cmd_events, "events reported, with filters"},
    {"stats", cmd_stats, "what the archive holds, by province and year"},
    {"export", cmd_export, "a table of the archive as CSV or JSON Lines"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: vnews COMMAND [OPTIONS] [FILE ...]\n\n"
               "vnews turns crawled Vietnamese government news pages into clean, structured,\n"
               "searchable records.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n`vnews COMMAND --help` for a command's options.\n"
               "Exit status: 0 all went well, 1 some input could not be used (the rest was\n"
               "processed), 2 bad usage or a fatal error.\n");
}

void cli_error(const vn_error *e)
{
    char msg[1200];
    fprintf(stderr, "vnews: %s\n", vn_error_format(e, msg, sizeof msg));
}

void cli_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("vnews: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_opt(int argc, char **argv, int *i, const char *name, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0') {
        if (n == 2 && name[1] != '-') { /* a short option's value attached: -j2 */
            *val = a + n;
            return 1;
        }
        return 0;
    }
    if (*i + 1 >= argc) {
        cli_errorf("option %s needs a value", name);
        *val = NULL;
        return -1;
    }
    *val = argv[++*i];
    return 1;
}

int cli_tty(void)
{
    static int t = -1;
    if (t < 0)
        t = isatty(2);
    return t;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("vnews %s\n", VNEWS_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(cmd, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    cli_errorf("unknown command '%s' (see vnews --help)", cmd);
    return EXIT_USAGE;
}
