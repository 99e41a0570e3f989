#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The bytes, mode and modification time of every file in a vault directory and of some files
/// beside it, so that a test can show that a failed operation wrote nothing.
struct VaultFileSnapshot: Equatable, CustomStringConvertible {
    struct File: Equatable {
        var bytes: [UInt8]
        var mode: UInt32
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
    }

    /// Files by path. A listed extra path that does not exist is recorded as absent (nil).
    var files: [String: File?]

    /// Reads every entry of `directory` and each of `extraPaths`.
    init(directory: String, extraPaths: [String] = []) throws {
        var paths = try FileManager.default.contentsOfDirectory(atPath: directory).map { directory + "/" + $0 }
        paths += extraPaths
        files = [:]
        for path in paths {
            files[path] = Self.read(path)
        }
    }

    /// Paths whose presence, bytes, mode or modification time differ between the two snapshots.
    func changedPaths(since earlier: VaultFileSnapshot) -> [String] {
        Set(files.keys).union(earlier.files.keys).filter { files[$0] != earlier.files[$0] }.sorted()
    }

    var description: String {
        files.keys.sorted().map { path in
            guard let file = files[path] ?? nil else { return "\(path): absent" }
            return "\(path): \(file.bytes.count) bytes, mode \(String(file.mode, radix: 8)), mtime \(file.modifiedSeconds).\(file.modifiedNanoseconds)"
        }.joined(separator: "\n")
    }

    private static func read(_ path: String) -> File? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        return File(
            bytes: bytes, mode: UInt32(status.st_mode) & 0o7777,
            modifiedSeconds: Int(status.st_mtim.tv_sec), modifiedNanoseconds: Int(status.st_mtim.tv_nsec)
        )
    }
}
