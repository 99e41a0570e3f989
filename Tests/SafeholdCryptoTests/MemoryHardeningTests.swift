#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import SafeholdCrypto
import Testing

@Test func memoryHardeningDisablesCoreDumps() {
    #expect(MemoryHardening.disableCoreDumps())

    var limit = rlimit()
    #expect(getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit) == 0)
    #expect(limit.rlim_cur == 0)
}
