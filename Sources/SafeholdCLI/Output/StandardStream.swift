#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output (results) or standard error (messages for people), written unbuffered.
public enum StandardStream: Hashable, Sendable {
    case output
    case error

    private var descriptor: Int32 {
        self == .output ? STDOUT_FILENO : STDERR_FILENO
    }

    /// Writes all of `text` as UTF-8, retrying after interruptions and partial writes. Returns
    /// false when the stream is closed or failed (a closed pipe, for instance).
    @discardableResult
    public func write(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR {
                        continue
                    }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}

private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}
