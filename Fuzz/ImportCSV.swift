#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto

/// libFuzzer target: the CSV reader of `safehold apikey import`. Every record it accepts has its
/// sealed fields unescaped, as the import does before sealing them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImportCSV(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let content = UnsafeRawBufferPointer(start: start, count: count)
    let problems = ApiKeyImportParser.forEachRecord(in: content, format: .csv) { record in
        let values = record.values()
        if values.clientSecret.count == 0 { fatalError("an accepted record has an empty client secret") }
        _ = values.clientID.count + (values.clientSecretID?.count ?? 0)
    }
    for problem in problems { _ = problem.description }
    _ = ApiKeyImportParser.detectFormat(content)
    return 0
}
