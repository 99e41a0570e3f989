#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An error that the command line reports to people: a sentence, an optional next step and the
/// process exit code. `ErrorRenderer` prints it.
public protocol ReportableError: Error {
    /// Sentence naming what failed and on which value, starting in lower case, such as
    /// `failed to read key file "/etc/safehold.key": permission denied`.
    var message: String { get }
    /// The next step, starting in lower case, or nil.
    var hint: String? { get }
    var exitCode: ExitCode { get }
}
