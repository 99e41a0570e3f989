#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSQLite
import Glibc

extension SQLiteVaultStore {
    /// Creates an empty database file readable only by its owner. O_EXCL makes "the file already
    /// exists" an atomic check. SQLite gives the -wal and -shm files the database file's mode.
    static func createFile(at path: String) throws(StoreError) {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST {
                throw .duplicate(kind: "vault database", name: path)
            }
            throw .notWritable(detail: "cannot create \(path): \(systemMessage(code))")
        }
        Glibc.close(descriptor)
    }

    static func requireFile(at path: String) throws(StoreError) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT {
                throw .notFound(kind: "vault database", id: path)
            }
            throw .sqlite(code: SQLITE_CANTOPEN, message: "cannot open \(path): \(systemMessage(code))", sql: "")
        }
    }

    /// Removes a database that `create` made and could not finish, with its WAL files.
    static func removeFiles(at path: String) {
        for suffix in ["", "-wal", "-shm"] {
            unlink(path + suffix)
        }
    }

    private static func systemMessage(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message)
    }
}
