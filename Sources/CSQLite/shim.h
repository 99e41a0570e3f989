#ifndef SAFEHOLD_CSQLITE_SHIM_H
#define SAFEHOLD_CSQLITE_SHIM_H

#include <sqlite3.h>

// SQLITE_TRANSIENT is a pointer-cast macro, which Swift cannot import. It tells SQLite to copy
// bound text and blobs before sqlite3_bind_* returns.
static inline sqlite3_destructor_type safehold_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif
