/* cmd_archive.c — STUB until the archive lands. */
#include "cli.h"

static int todo(const char *what)
{
    cli_errorf("%s: not built yet", what);
    return EXIT_USAGE;
}
int cmd_ingest(int argc, char **argv) { (void)argc; (void)argv; return todo("ingest"); }
int cmd_search(int argc, char **argv) { (void)argc; (void)argv; return todo("search"); }
int cmd_docs(int argc, char **argv) { (void)argc; (void)argv; return todo("docs"); }
int cmd_people(int argc, char **argv) { (void)argc; (void)argv; return todo("people"); }
int cmd_who(int argc, char **argv) { (void)argc; (void)argv; return todo("who"); }
int cmd_events(int argc, char **argv) { (void)argc; (void)argv; return todo("events"); }
int cmd_stats(int argc, char **argv) { (void)argc; (void)argv; return todo("stats"); }
int cmd_export(int argc, char **argv) { (void)argc; (void)argv; return todo("export"); }
