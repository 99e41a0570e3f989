#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import Testing

// Known-answer vectors for BLAKE2b with a 32-byte digest ("abc" and the empty input), as listed by
// several independent BLAKE2b test suites.
@Test func blake2bMatchesVectorForABC() {
    #expect(hexString(Blake2b.hash256(Data("abc".utf8))) == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")
}

@Test func blake2bMatchesVectorForEmptyInput() {
    #expect(hexString(Blake2b.hash256(Data())) == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")
}

@Test func blake2bOverloadsAgree() {
    let message = Array("audit event 1".utf8)
    let fromPointer = message.withUnsafeBytes { Blake2b.hash256($0) }
    #expect(Blake2b.hash256(Data(message)) == fromPointer)
    #expect(fromPointer.count == Blake2b.size)
}

@Test func blake2bWritesIntoBuffer() {
    let message = Array("abc".utf8)
    var output = [UInt8](repeating: 0xEE, count: 40)
    message.withUnsafeBytes { input in
        output.withUnsafeMutableBytes { Blake2b.hash256(input, into: $0) }
    }
    #expect(hexString(output.prefix(32)) == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319")
    #expect(output.suffix(8).allSatisfy { $0 == 0xEE })
}
