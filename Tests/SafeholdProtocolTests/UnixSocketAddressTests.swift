#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdProtocol
import Testing

struct UnixSocketAddressTests {
    @Test func maximumIs107Bytes() {
        #expect(UnixSocketAddress.maxPathLength == 107)
    }

    @Test func pathAtMaximumAccepted() throws {
        let path = "/" + String(repeating: "a", count: 106)

        #expect(try UnixSocketAddress(path: path).path == path)
    }

    @Test func longerPathRejectedWithFix() {
        let path = "/" + String(repeating: "a", count: 107)

        let error = #expect(throws: UnixSocketPathError.self) {
            _ = try UnixSocketAddress(path: path)
        }

        #expect(error == .tooLong(path: path, length: 108, maximum: 107))
        #expect(error?.description.contains("--socket") == true)
    }

    @Test func emptyAndNulRejected() {
        #expect(throws: UnixSocketPathError.empty) {
            _ = try UnixSocketAddress(path: "")
        }
        #expect(throws: UnixSocketPathError.containsNul(path: "/tmp/a\0b")) {
            _ = try UnixSocketAddress(path: "/tmp/a\0b")
        }
    }

    @Test func multibyteLengthCountsBytes() {
        let path = "/" + String(repeating: "é", count: 54)

        #expect(throws: UnixSocketPathError.tooLong(path: path, length: 109, maximum: 107)) {
            _ = try UnixSocketAddress(path: path)
        }
    }
}
