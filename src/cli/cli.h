/* cli.h — what the command files of the CLI share. Only vnews.h below. */
#ifndef VN_CLI_H
#define VN_CLI_H

#include "vnews.h"
#include <stdio.h>

/* exit codes, like grep and curl: 0 fine, 1 some input could not be used
 * (the rest was processed), 2 usage or a fatal error */
enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

typedef struct cli_cmd {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} cli_cmd;

/* Print "vnews: <formatted error>" to stderr. */
void cli_error(const vn_error *e);
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Does arg match --name or --name=VALUE? Sets *val to VALUE or the next argv. */
int cli_opt(int argc, char **argv, int *i, const char *name, const char **val);
/* Is stderr a terminal (progress lines)? */
int cli_tty(void);
double cli_now(void);

int cmd_extract(int argc, char **argv);
int cmd_normalize(int argc, char **argv);
int cmd_clean(int argc, char **argv);

/* archive commands (cmd_archive.c) */
int cmd_ingest(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_docs(int argc, char **argv);
int cmd_people(int argc, char **argv);
int cmd_who(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_export(int argc, char **argv);

#endif
