/* schema.c — opening an archive: the file checks that keep foreign files
 * untouched, the schema with its migrations, errors that name the file.
 *
 * A vnews archive is an SQLite database with application_id 'VNEW' and
 * user_version = the schema version. Before anything is written (even the
 * switch to WAL, which changes the header) the file is checked: it must be
 * absent, empty, a fresh empty database, or one of ours. Migrations run in
 * order, each in the transaction that also bumps user_version, so an archive
 * made by an older vnews is upgraded in place and an interrupted upgrade
 * leaves the previous version intact.
 */
#include "arc.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define APPLICATION_ID 0x564E4557 /* "VNEW" */

/* Migration n takes the schema from version n-1 to n. Never edit one that
 * has shipped: add the next. */
static const char *const migrations[] = {
    /* 1: the first schema */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    /* small columns first: a query reading them never walks a long body */
    "CREATE TABLE articles("
    "  aid INTEGER PRIMARY KEY,"
    "  id TEXT NOT NULL,"
    "  hash BLOB NOT NULL,"          /* XXH3-128 of the folded article text */
    "  input_hash INTEGER,"          /* of the page or record line it came from */
    "  duplicate_of TEXT, dup_kind TEXT, similarity REAL,"
    "  day TEXT,"                    /* the article's date: published, event or input date */
    "  province TEXT, province_now TEXT,"
    "  source TEXT, published TEXT, event_date TEXT, url TEXT, title TEXT,"
    "  body TEXT,"                   /* lead and body paragraphs, one a line */
    "  record BLOB"                  /* the record, JSON (title, body left out), zstd */
    ");"
    "CREATE UNIQUE INDEX articles_key ON articles(id, hash);"
    "CREATE INDEX articles_hash ON articles(hash);"
    "CREATE INDEX articles_day ON articles(day);"
    "CREATE INDEX articles_province ON articles(province_now, day);"
    /* originals in fts, near-duplicates in fts_dups: the default search sees
     * each story once without reading articles to filter copies out */
    "CREATE VIRTUAL TABLE fts USING fts5(title, body, content='articles', content_rowid='aid',"
    "  tokenize='vnews');"
    "CREATE VIRTUAL TABLE fts_dups USING fts5(title, body, content='articles',"
    "  content_rowid='aid', tokenize='vnews');"
    "CREATE TABLE minhash(aid INTEGER PRIMARY KEY, sig BLOB NOT NULL);"
    "CREATE TABLE lsh(key INTEGER NOT NULL, aid INTEGER NOT NULL, PRIMARY KEY(key, aid))"
    "  WITHOUT ROWID;"
    "CREATE TABLE documents("
    "  did INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
    "  kind TEXT, code TEXT, number TEXT, type TEXT, issuer_code TEXT, issuer TEXT,"
    "  term INTEGER, year INTEGER, subject TEXT, province TEXT);"
    "CREATE INDEX documents_code ON documents(code);"
    "CREATE INDEX documents_number ON documents(kind, number);"
    "CREATE TABLE document_dates(did INTEGER NOT NULL, date TEXT NOT NULL, n INTEGER NOT NULL,"
    "  PRIMARY KEY(did, date)) WITHOUT ROWID;"
    "CREATE TABLE citations(did INTEGER NOT NULL, aid INTEGER NOT NULL, form TEXT,"
    "  PRIMARY KEY(did, aid)) WITHOUT ROWID;"
    "CREATE INDEX citations_aid ON citations(aid);"
    "CREATE TABLE short_refs(aid INTEGER NOT NULL, kind TEXT NOT NULL, number TEXT NOT NULL,"
    "  issuer TEXT, term INTEGER, province TEXT, did INTEGER,"
    "  PRIMARY KEY(aid, kind, number)) WITHOUT ROWID;"
    "CREATE INDEX short_refs_number ON short_refs(kind, number);"
    "CREATE TABLE people(pid INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL,"
    "  province TEXT, first_seen TEXT, last_seen TEXT, articles INTEGER NOT NULL DEFAULT 0,"
    "  historic INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX people_key ON people(name_key);"
    "CREATE TABLE positions(pid INTEGER NOT NULL, position TEXT NOT NULL,"
    "  position_key TEXT NOT NULL, body TEXT, province TEXT NOT NULL DEFAULT '',"
    "  province_now TEXT, first_seen TEXT, last_seen TEXT, n INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY(pid, position_key, province)) WITHOUT ROWID;"
    "CREATE INDEX positions_key ON positions(position_key);"
    "CREATE TABLE mentions(pid INTEGER NOT NULL, aid INTEGER NOT NULL,"
    "  PRIMARY KEY(pid, aid)) WITHOUT ROWID;"
    "CREATE INDEX mentions_aid ON mentions(aid);"
    "CREATE TABLE events(aid INTEGER NOT NULL, type TEXT, date TEXT, host TEXT, chairs TEXT,"
    "  province TEXT, province_now TEXT);"
    "CREATE INDEX events_aid ON events(aid);"
    "CREATE INDEX events_type ON events(type, date);"
    "CREATE TABLE figures(aid INTEGER NOT NULL, value REAL, total REAL, unit TEXT,"
    "  qualifier TEXT);"
    "CREATE INDEX figures_aid ON figures(aid);"
    "CREATE TABLE places(aid INTEGER NOT NULL, name TEXT, type TEXT, province TEXT,"
    "  province_now TEXT);"
    "CREATE INDEX places_aid ON places(aid);"
    "CREATE INDEX places_name ON places(name);"
    "CREATE TABLE organizations(aid INTEGER NOT NULL, name TEXT, type TEXT, province TEXT);"
    "CREATE INDEX organizations_aid ON organizations(aid);",
    /* 2: people by province (who), pending short references */
    "CREATE INDEX people_province ON people(province);"
    "CREATE INDEX short_refs_pending ON short_refs(kind, number) WHERE did IS NULL;",
    /* 3: FTS5 keeps up to 64 MB of new terms in memory (default 1 MB) before
     * it writes them as a segment: with large ingest transactions, a few
     * large segments instead of many small ones that are merged over and
     * over. */
    "INSERT INTO fts(fts, rank) VALUES('hashsize', 67108864);"
    "INSERT INTO fts_dups(fts_dups, rank) VALUES('hashsize', 67108864);"
    /* the people of a name most recently seen first straight from an index:
     * sorting them took a sorter per mention (most of storing a person) */
    "CREATE INDEX people_key_seen ON people(name_key, last_seen DESC);"
    "DROP INDEX people_key;",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof *migrations))

/* Every table and index name of ours: anything else makes a foreign file. */
static const char *const our_tables[] = {
    "meta", "articles", "fts", "fts_data", "fts_idx", "fts_docsize", "fts_config", "fts_dups",
    "fts_dups_data", "fts_dups_idx", "fts_dups_docsize", "fts_dups_config", "minhash",
    "lsh", "documents", "document_dates", "citations", "short_refs", "people", "positions",
    "mentions", "events", "figures", "places", "organizations", NULL};

static const char *const sql[ST_COUNT] = {
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_SEEN] = "SELECT 1 FROM articles WHERE id = ?1 AND input_hash = ?2 LIMIT 1",
    [ST_BY_KEY] = "SELECT aid FROM articles WHERE id = ?1 AND hash = ?2",
    [ST_BY_HASH] = "SELECT id, duplicate_of FROM articles WHERE hash = ?1 ORDER BY aid LIMIT 1",
    [ST_INSERT_ARTICLE] =
        "INSERT INTO articles(id, hash, input_hash, url, source, title, published, event_date,"
        " day, province, province_now, body, duplicate_of, dup_kind, similarity, record)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    [ST_INSERT_FTS] = "INSERT INTO fts(rowid, title, body) VALUES(?1, ?2, ?3)",
    [ST_INSERT_FTS_DUP] = "INSERT INTO fts_dups(rowid, title, body) VALUES(?1, ?2, ?3)",
    /* the 14 bands at once (VN_MH_BANDS): a statement's own cost is most of
     * what one small lookup or insert takes; each band's matches in order */
    [ST_LSH_FIND] =
        "SELECT * FROM (SELECT aid FROM lsh WHERE key = ?1 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?2 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?3 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?4 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?5 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?6 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?7 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?8 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?9 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?10 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?11 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?12 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?13 LIMIT 32) "
        "UNION ALL SELECT * FROM (SELECT aid FROM lsh WHERE key = ?14 LIMIT 32)",
    [ST_LSH_ADD] = "INSERT OR IGNORE INTO lsh(key, aid) VALUES(?1, ?15), (?2, ?15), (?3, ?15),"
                   " (?4, ?15), (?5, ?15), (?6, ?15), (?7, ?15), (?8, ?15), (?9, ?15), (?10, ?15),"
                   " (?11, ?15), (?12, ?15), (?13, ?15), (?14, ?15)",
    [ST_SIG_GET] = "SELECT m.sig, a.id, a.duplicate_of FROM minhash m JOIN articles a"
                   " ON a.aid = m.aid WHERE m.aid = ?1",
    [ST_SIG_ADD] = "INSERT OR REPLACE INTO minhash(aid, sig) VALUES(?1, ?2)",
    [ST_ROOT_OF] = "SELECT coalesce(duplicate_of, id) FROM articles WHERE aid = ?1",
    [ST_DOC_FIND] = "SELECT did FROM documents WHERE key = ?1",
    [ST_DOC_ADD] = "INSERT INTO documents(key, kind, code, number, type, issuer_code, issuer,"
                   " term, year, subject, province) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                   " ?10, ?11)",
    [ST_DOC_DATE] = "INSERT INTO document_dates(did, date, n) VALUES(?1, ?2, 1)"
                    " ON CONFLICT(did, date) DO UPDATE SET n = n + 1",
    [ST_CITE] = "INSERT OR IGNORE INTO citations(did, aid, form) VALUES(?1, ?2, ?3)",
    [ST_SHORT_FIND] =
        "SELECT did FROM documents WHERE kind = ?1 AND number = ?2 AND code IS NOT NULL"
        " AND (?3 IS NULL OR term IS NULL OR term = ?3)"
        " AND (?4 IS NULL OR issuer IS NULL OR issuer = ?4)"
        " AND (province IS NULL OR ?5 IS NULL OR province = ?5) LIMIT 2",
    [ST_SHORT_ADD] = "INSERT OR IGNORE INTO short_refs(aid, kind, number, issuer, term, province,"
                     " did) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_PERSON_FIND] = "SELECT pid, province, first_seen, last_seen FROM people"
                       " WHERE name_key = ?1 ORDER BY last_seen DESC, pid LIMIT 64",
    [ST_PERSON_ADD] = "INSERT INTO people(name, name_key, province, first_seen, last_seen,"
                      " articles, historic) VALUES(?1, ?2, ?3, ?4, ?4, 0, ?5)",
    [ST_PERSON_SEEN] =
        "UPDATE people SET articles = articles + 1,"
        " first_seen = CASE WHEN ?2 IS NOT NULL AND (first_seen IS NULL OR ?2 < first_seen)"
        "   THEN ?2 ELSE first_seen END,"
        " last_seen = CASE WHEN ?2 IS NOT NULL AND (last_seen IS NULL OR ?2 > last_seen)"
        "   THEN ?2 ELSE last_seen END,"
        " province = coalesce(province, ?3) WHERE pid = ?1",
    [ST_POSITION] =
        "INSERT INTO positions(pid, position, position_key, body, province, province_now,"
        " first_seen, last_seen, n) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 1)"
        " ON CONFLICT(pid, position_key, province) DO UPDATE SET n = n + 1,"
        " first_seen = CASE WHEN ?7 IS NOT NULL AND (first_seen IS NULL OR ?7 < first_seen)"
        "   THEN ?7 ELSE first_seen END,"
        " last_seen = CASE WHEN ?7 IS NOT NULL AND (last_seen IS NULL OR ?7 > last_seen)"
        "   THEN ?7 ELSE last_seen END",
    [ST_MENTION] = "INSERT OR IGNORE INTO mentions(pid, aid) VALUES(?1, ?2)",
    [ST_EVENT] = "INSERT INTO events(aid, type, date, host, chairs, province, province_now)"
                 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_FIGURE] = "INSERT INTO figures(aid, value, total, unit, qualifier)"
                  " VALUES(?1, ?2, ?3, ?4, ?5)",
    [ST_PLACE] = "INSERT INTO places(aid, name, type, province, province_now)"
                 " VALUES(?1, ?2, ?3, ?4, ?5)",
    [ST_ORG] = "INSERT INTO organizations(aid, name, type, province) VALUES(?1, ?2, ?3, ?4)",
    [ST_PERSON_BODIES] = "SELECT body, coalesce(province_now, province) FROM positions WHERE pid = ?1",
    [ST_DOC_BY_CODE] = "SELECT did FROM documents WHERE code = ?1 AND term <= ?2 AND"
                       " (?3 IS NULL OR province = ?3) ORDER BY term DESC LIMIT 1",
    [ST_DOC_FILL] = "UPDATE documents SET kind = coalesce(kind, ?2), issuer = coalesce(issuer, ?3),"
                    " subject = coalesce(subject, ?4), type = coalesce(type, ?5),"
                    " issuer_code = coalesce(issuer_code, ?6) WHERE did = ?1",
};

int vn_archive_schema_version(void)
{
    return SCHEMA_VERSION;
}

/* A write failed and SQLite kept no errno (it does not for EFBIG): is there
 * no room left for the archive, its file system full or its files at the
 * size limit? */
static int no_room(const char *path)
{
    const long long margin = 1 << 20;
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        char wal[4096];
        snprintf(wal, sizeof wal, "%s-wal", path);
        const char *files[2] = {path, wal};
        for (int i = 0; i < 2; i++) {
            struct stat sb;
            if (stat(files[i], &sb) == 0 && (long long)sb.st_size + margin >= (long long)rl.rlim_cur)
                return 1;
        }
    }
    char *dup = strdup(path);
    struct statvfs v;
    int full = dup && statvfs(dirname(dup), &v) == 0 &&
               (long long)v.f_bavail * (long long)v.f_frsize < 16 * margin;
    free(dup);
    return full;
}

vn_result vn_arc_fail(vn_archive *a, int rc, vn_error *err, const char *what)
{
    const char *path = a ? a->path : "";
    const char *msg = a && a->db ? sqlite3_errmsg(a->db) : sqlite3_errstr(rc);
    int sys = a && a->db ? sqlite3_system_errno(a->db) : 0;
    vn_result code;
    switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = VN_ERR_BUSY;
        vn_error_set(err, code, path, 0, -1,
                     "another ingest is writing this archive (waited %d ms); try again when it"
                     " is done",
                     a ? a->busy_ms : 0);
        return code;
    case SQLITE_FULL:
        code = VN_ERR_FULL;
        break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
        code = VN_ERR_READONLY;
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        code = VN_ERR_CORRUPT;
        break;
    case SQLITE_IOERR:
        code = (sys == ENOSPC || sys == EFBIG || sys == EDQUOT) ||
                       (a && a->db && sqlite3_extended_errcode(a->db) == SQLITE_IOERR_WRITE &&
                        no_room(a->path))
                   ? VN_ERR_FULL
                   : VN_ERR_IO;
        break;
    case SQLITE_CANTOPEN:
        code = (sys == EACCES || sys == EROFS || sys == EPERM) ? VN_ERR_READONLY : VN_ERR_IO;
        break;
    case SQLITE_NOMEM:
        code = VN_ERR_NOMEM;
        break;
    default:
        code = VN_ERR_DB;
    }
    if (code == VN_ERR_FULL)
        vn_error_set(err, code, path, 0, -1, "%s: disk full (%s); the archive is unchanged by"
                     " this batch", what, msg);
    else if (code == VN_ERR_CORRUPT)
        vn_error_set(err, code, path, 0, -1, "%s: the archive is damaged (%s)", what, msg);
    else if (code == VN_ERR_READONLY)
        vn_error_set(err, code, path, 0, -1, "%s: cannot write the archive (%s)", what, msg);
    else
        vn_error_set(err, code, path, 0, -1, "%s: %s", what, msg);
    return code;
}

sqlite3_stmt *vn_arc_stmt(vn_archive *a, int which)
{
    sqlite3_stmt *s = a->st[which];
    if (!s) {
        if (sqlite3_prepare_v3(a->db, sql[which], -1, SQLITE_PREPARE_PERSISTENT, &a->st[which],
                               NULL) != SQLITE_OK)
            return NULL;
        return a->st[which];
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* What the file is, from its first bytes, for the error message. */
static const char *describe(const unsigned char *h, size_t n)
{
    if (n >= 8 && !memcmp(h, "\x89PNG", 4))
        return "a PNG image";
    if (n >= 3 && !memcmp(h, "\xFF\xD8\xFF", 3))
        return "a JPEG image";
    if (n >= 4 && !memcmp(h, "%PDF", 4))
        return "a PDF document";
    if (n >= 2 && h[0] == 0x1F && h[1] == 0x8B)
        return "gzip data";
    if (n >= 4 && !memcmp(h, "\x28\xB5\x2F\xFD", 4))
        return "zstd data";
    if (n >= 4 && !memcmp(h, "PK\x03\x04", 4))
        return "a zip archive";
    for (size_t i = 0; i < n; i++)
        if (h[i] < 0x09 || (h[i] > 0x0D && h[i] < 0x20))
            return "binary data";
    return "a text file";
}

/* Checks the file before SQLite touches it. *fresh: absent or empty. */
static vn_result check_file(const char *path, vn_open_mode mode, int *fresh, vn_error *err)
{
    struct stat sb;
    *fresh = 0;
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT) {
            vn_error_set(err, VN_ERR_IO, path, 0, -1, "cannot open the archive: %s",
                         strerror(errno));
            return VN_ERR_IO;
        }
        if (mode == VN_OPEN_READ) {
            vn_error_set(err, VN_ERR_NOT_FOUND, path, 0, -1,
                         "no archive here (make one with: vnews ingest --db %s FILE...)", path);
            return VN_ERR_NOT_FOUND;
        }
        char *dup = strdup(path);
        const char *dir = dirname(dup);
        int ok = access(dir, W_OK) == 0;
        if (!ok) {
            vn_error_set(err, VN_ERR_READONLY, path, 0, -1,
                         "cannot create the archive: directory %s is not writable (%s)", dir,
                         strerror(errno));
        }
        free(dup);
        if (!ok)
            return VN_ERR_READONLY;
        *fresh = 1;
        return VN_OK;
    }
    if (S_ISDIR(sb.st_mode)) {
        vn_error_set(err, VN_ERR_ARG, path, 0, -1, "is a directory, not an archive file");
        return VN_ERR_ARG;
    }
    if (sb.st_size == 0) {
        if (mode == VN_OPEN_READ) {
            vn_error_set(err, VN_ERR_CORRUPT, path, 0, -1, "an empty file, not a vnews archive");
            return VN_ERR_CORRUPT;
        }
        *fresh = 1;
        return VN_OK;
    }
    unsigned char h[100];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        vn_error_set(err, errno == EACCES ? VN_ERR_READONLY : VN_ERR_IO, path, 0, -1,
                     "cannot read the archive: %s", strerror(errno));
        return err ? err->code : VN_ERR_IO;
    }
    ssize_t n = read(fd, h, sizeof h);
    close(fd);
    if (n < 0)
        n = 0;
    if (n < 100 || memcmp(h, "SQLite format 3", 16) != 0) {
        vn_error_set(err, VN_ERR_CORRUPT, path, 0, -1,
                     "not a vnews archive: the file is %s, not an SQLite database (left"
                     " untouched)",
                     describe(h, (size_t)n));
        return VN_ERR_CORRUPT;
    }
    uint32_t app = be32(h + 68), version = be32(h + 60);
    if (app != APPLICATION_ID && app != 0) {
        vn_error_set(err, VN_ERR_CORRUPT, path, 0, -1,
                     "not a vnews archive: an SQLite database of another application"
                     " (application_id 0x%08X; left untouched)",
                     app);
        return VN_ERR_CORRUPT;
    }
    if (app == APPLICATION_ID && version > (uint32_t)SCHEMA_VERSION) {
        vn_error_set(err, VN_ERR_FORMAT, path, 0, -1,
                     "made by a newer vnews (schema %u; this one knows up to %d): upgrade vnews",
                     version, SCHEMA_VERSION);
        return VN_ERR_FORMAT;
    }
    return VN_OK;
}

/* A database without our application_id must be empty to become ours. */
static vn_result check_foreign(vn_archive *a, vn_error *err)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(a->db,
                                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                                -1, &s, NULL);
    if (rc != SQLITE_OK)
        return vn_arc_fail(a, rc, err, "reading the schema");
    int app = 0, version = 0, foreign = 0, ntables = 0;
    char first[128] = "";
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 0);
        int ours = 0;
        for (int i = 0; our_tables[i]; i++)
            if (name && !strcmp(name, our_tables[i]))
                ours = 1;
        if (name && !strncmp(name, "articles_", 9))
            ours = 1;
        ntables++;
        if (!ours && !foreign) {
            foreign = 1;
            snprintf(first, sizeof first, "%s", name ? name : "?");
        }
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return vn_arc_fail(a, rc, err, "reading the schema");
    if (sqlite3_prepare_v2(a->db, "PRAGMA application_id", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW)
            app = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    if (sqlite3_prepare_v2(a->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW)
            version = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    if ((uint32_t)app != APPLICATION_ID && (ntables > 0 || version != 0)) {
        vn_error_set(err, VN_ERR_CORRUPT, a->path, 0, -1,
                     "not a vnews archive: an SQLite database of another application (it has"
                     " table '%s'; left untouched)",
                     first[0] ? first : "?");
        return VN_ERR_CORRUPT;
    }
    if ((uint32_t)app == APPLICATION_ID && foreign) {
        vn_error_set(err, VN_ERR_CORRUPT, a->path, 0, -1,
                     "not a vnews archive: unknown table '%s'", first);
        return VN_ERR_CORRUPT;
    }
    return VN_OK;
}

static int user_version(vn_archive *a)
{
    sqlite3_stmt *s;
    int v = -1;
    if (sqlite3_prepare_v2(a->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_step(s) == SQLITE_ROW)
            v = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    return v;
}

/* Bring the schema up to date, one migration per transaction. */
static vn_result migrate(vn_archive *a, int upto, vn_error *err)
{
    for (;;) {
        int rc = sqlite3_exec(a->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            return vn_arc_fail(a, rc, err, "upgrading the archive");
        int v = user_version(a); /* again, inside the lock: another process may have done it */
        if (v < 0 || v >= upto) {
            sqlite3_exec(a->db, "COMMIT", NULL, NULL, NULL);
            return VN_OK;
        }
        rc = sqlite3_exec(a->db, migrations[v], NULL, NULL, NULL);
        if (rc == SQLITE_OK) {
            char pragma[160];
            snprintf(pragma, sizeof pragma,
                     "PRAGMA user_version = %d; PRAGMA application_id = %d;"
                     "INSERT OR REPLACE INTO meta VALUES('vnews', '" VNEWS_VERSION "')",
                     v + 1, (int)APPLICATION_ID);
            rc = sqlite3_exec(a->db, pragma, NULL, NULL, NULL);
        }
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(a->db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            vn_result r = vn_arc_fail(a, rc, err, "upgrading the archive");
            sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
            return r;
        }
    }
}

/* For tests: stop migrating at version upto (VNEWS_SCHEMA_UPTO). */
static int target_version(void)
{
    const char *e = getenv("VNEWS_SCHEMA_UPTO");
    int v = e ? atoi(e) : 0;
    return v > 0 && v < SCHEMA_VERSION ? v : SCHEMA_VERSION;
}

/* SQLite's allocation statistics take a global mutex on every malloc: not
 * wanted on the ingest's hot path. Set once, before SQLite starts. */
static void sqlite_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

vn_result vn_archive_open(const char *path, vn_open_mode mode, vn_archive **out, vn_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_setup);
    *out = NULL;
    int fresh;
    vn_result r = check_file(path, mode, &fresh, err);
    if (r)
        return r;
    vn_archive *a = calloc(1, sizeof *a);
    if (!a) {
        vn_error_set(err, VN_ERR_NOMEM, path, 0, -1, "out of memory");
        return VN_ERR_NOMEM;
    }
    a->path = strdup(path);
    a->mode = mode;
    a->busy_ms = 5000;
    vn_buf_init(&a->tmp, 0);
    vn_buf_init(&a->tmp2, 0);
    int flags = mode == VN_OPEN_WRITE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                      : SQLITE_OPEN_READONLY;
    int rc = sqlite3_open_v2(path, &a->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        r = vn_arc_fail(a, rc, err, "opening the archive");
        vn_archive_close(a);
        return r;
    }
    sqlite3_extended_result_codes(a->db, 0);
    sqlite3_busy_timeout(a->db, a->busy_ms);
    if (vn_arc_register_tokenizer(a->db, &a->pretok) != SQLITE_OK ||
        vn_arc_register_functions(a->db) != SQLITE_OK ||
        vn_arc_register_topk(a->db) != SQLITE_OK) {
        vn_error_set(err, VN_ERR_DB, path, 0, -1, "this SQLite has no FTS5");
        vn_archive_close(a);
        return VN_ERR_DB;
    }
    if (!fresh && (r = check_foreign(a, err)) != VN_OK) {
        vn_archive_close(a);
        return r;
    }
    int v = user_version(a);
    if (mode == VN_OPEN_READ && v == 0) {
        vn_error_set(err, VN_ERR_CORRUPT, path, 0, -1, "an empty database, not a vnews archive");
        vn_archive_close(a);
        return VN_ERR_CORRUPT;
    }
    if (mode == VN_OPEN_WRITE) {
        /* only now that the file is known to be ours or new */
        rc = sqlite3_exec(a->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                                 "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY",
                          NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            r = vn_arc_fail(a, rc, err, "opening the archive");
            vn_archive_close(a);
            return r;
        }
        int upto = target_version();
        if (v < upto && (r = migrate(a, upto, err)) != VN_OK) {
            vn_archive_close(a);
            return r;
        }
    } else if (v < SCHEMA_VERSION) {
        /* an older archive: upgrade it through a writing connection first */
        vn_archive *w;
        sqlite3_close(a->db);
        a->db = NULL;
        r = vn_archive_open(path, VN_OPEN_WRITE, &w, err);
        if (r) {
            vn_archive_close(a);
            return r;
        }
        vn_archive_close(w);
        rc = sqlite3_open_v2(path, &a->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
        if (rc != SQLITE_OK || vn_arc_register_tokenizer(a->db, &a->pretok) != SQLITE_OK ||
            vn_arc_register_functions(a->db) != SQLITE_OK ||
            vn_arc_register_topk(a->db) != SQLITE_OK) {
            r = vn_arc_fail(a, rc, err, "opening the archive");
            vn_archive_close(a);
            return r;
        }
        sqlite3_busy_timeout(a->db, a->busy_ms);
    }
    if (mode == VN_OPEN_READ)
        sqlite3_exec(a->db, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY", NULL,
                     NULL, NULL);
    *out = a;
    return VN_OK;
}

void vn_archive_set_busy_timeout(vn_archive *a, int ms)
{
    if (!a)
        return;
    a->busy_ms = ms < 0 ? 0 : ms;
    sqlite3_busy_timeout(a->db, a->busy_ms);
}

void vn_archive_close(vn_archive *a)
{
    if (!a)
        return;
    if (a->in_tx && a->db)
        sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(a->st[i]);
    if (a->db) {
        if (a->mode == VN_OPEN_WRITE)
            sqlite3_exec(a->db, "PRAGMA optimize", NULL, NULL, NULL);
        sqlite3_close(a->db);
    }
    vn_archive_item_free(a->scratch);
    vn_buf_release(&a->tmp);
    vn_buf_release(&a->tmp2);
    free(a->path);
    free(a);
}

vn_result vn_archive_begin(vn_archive *a, vn_error *err)
{
    if (a->in_tx)
        return VN_OK;
    if (a->mode != VN_OPEN_WRITE) {
        vn_error_set(err, VN_ERR_READONLY, a->path, 0, -1, "opened for reading only");
        return VN_ERR_READONLY;
    }
    sqlite3_stmt *s = vn_arc_stmt(a, ST_BEGIN);
    int rc = s ? sqlite3_step(s) : sqlite3_errcode(a->db);
    if (s)
        sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return vn_arc_fail(a, rc, err, "starting a transaction");
    a->in_tx = 1;
    return VN_OK;
}

vn_result vn_archive_commit(vn_archive *a, vn_error *err)
{
    if (!a->in_tx)
        return VN_OK;
    sqlite3_stmt *s = vn_arc_stmt(a, ST_COMMIT);
    int rc = s ? sqlite3_step(s) : sqlite3_errcode(a->db);
    if (rc != SQLITE_DONE) {
        /* the error first: resetting may do more I/O (and lose errno) */
        vn_result r = vn_arc_fail(a, rc, err, "committing");
        if (s)
            sqlite3_reset(s);
        vn_archive_rollback(a);
        return r;
    }
    sqlite3_reset(s);
    a->in_tx = 0;
    return VN_OK;
}

void vn_archive_rollback(vn_archive *a)
{
    if (!a->in_tx)
        return;
    if (sqlite3_get_autocommit(a->db) == 0)
        sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
    a->in_tx = 0;
}
