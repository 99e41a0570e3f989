#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
#if canImport(Glibc)
import Glibc
#endif
import SafeholdSystem

/// Runs the connector program that an administrator registered for an `exec` asset. The contract
/// (docs/connectors.md) is one JSON object on standard input and the result in the exit status.
/// Platforms that mint their own keys also print the new key as one JSON object on standard output.
///
/// The program runs directly (no shell), with no arguments, in its own process group, with only
/// `PATH`, `LANG` and `LC_ALL` in its environment. Secrets reach it only through the stdin pipe.
/// The runner logs nothing; its results hold only redacted text.
public struct ConnectorRunner: Sendable {
    /// Exit statuses with a meaning in the contract; any other status is a failure.
    public enum ExitStatus {
        /// `change`: the target accepts `new`. `check`: the target accepts `new`.
        public static let success: Int32 = 0
        /// The account does not exist on the target.
        public static let accountMissing: Int32 = 3
        /// `change`: the target rejected the candidate; a fresh one may work.
        public static let rejected: Int32 = 4
        /// `check`: the target accepts `current`; the change was not applied.
        public static let acceptsCurrent: Int32 = 10
    }

    /// Absolute path of the registered program.
    public var path: String
    /// Time after which the program and everything it started are killed.
    public var timeout: Duration
    /// Bytes kept per output stream; the rest is read and dropped.
    public var outputLimit: Int

    public init(path: String, timeout: Duration = .seconds(30), outputLimit: Int = 64 * 1024) {
        self.path = path
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    /// Checks the program path (see `TrustedProgram.validate`) and returns the resolved path that
    /// a run executes. Call it when an administrator registers the program, for an early error.
    @discardableResult
    public func validate() throws(ConnectorError) -> String {
        do {
            return try TrustedProgram.validate(path, role: .connector)
        } catch {
            throw .untrustedProgram(error)
        }
    }

    /// Validates the program, runs it once with `request` on standard input and reads its result.
    /// A thrown error means the program was not started; an outcome means it ran.
    func run(_ request: ConnectorRequest) throws(ConnectorError) -> ConnectorOutcome {
        let executable = try validate()
        let input = try request.encodedJSON()

        var result = try start(executable, input: input)
        defer { result.wipeOutput() }
        if result.timedOut { return .timedOut }

        // A key on standard output is parsed whatever the exit status, so that its values are
        // redacted from standard error too. It is returned only after a successful change.
        var minted: MintedKey?
        var mintError: JSONSyntaxError?
        if !Self.isBlank(result.standardOutput) {
            switch Self.parseMintedKey(result.standardOutput) {
            case .success(let key): minted = key
            case .failure(let error): mintError = error
            }
        }

        let redactor = SecretRedactor(values: Self.secretValues(of: request) + (minted?.values ?? []))
        let standardError = redactor.redact(result.standardError)
        return Self.outcome(
            action: request.action, exitStatus: result.exitStatus, signal: result.terminatingSignal,
            minted: minted, mintError: mintError, standardError: standardError
        )
    }

    private func start(_ executable: String, input: SecretBytes) throws(ConnectorError) -> Subprocess.Result {
        // A connector may exit without reading its input; writing to its closed pipe must fail
        // with EPIPE rather than kill the service with SIGPIPE. Children get the default back.
        signal(SIGPIPE, SIG_IGN)
        let process = Subprocess(
            executable: executable, arguments: [], environment: Subprocess.minimalEnvironment(),
            timeout: timeout, outputLimit: outputLimit
        )
        let attempt = input.withUnsafeBytes { bytes in
            Result { () throws(SubprocessError) in try process.run(input: bytes) }
        }
        switch attempt {
        case .success(let result):
            return result
        case .failure(let error):
            throw .startFailed(path: executable, reason: error.description)
        }
    }

    /// Maps an exit status to the outcome the contract gives it for `action`.
    private static func outcome(
        action: ConnectorRequest.Action, exitStatus: Int32?, signal: Int32?,
        minted: MintedKey?, mintError: JSONSyntaxError?, standardError: String
    ) -> ConnectorOutcome {
        guard let exitStatus else {
            return .failed(withStandardError("killed by signal \(signal ?? 0)", standardError))
        }
        switch (action, exitStatus) {
        case (.change, ExitStatus.success):
            if let mintError {
                return .failed(withStandardError("exit status 0, but standard output is not a key object (\(mintError))", standardError))
            }
            return .applied(minted: minted)
        case (.check, ExitStatus.success):
            return .accepted(which: .new)
        case (.check, ExitStatus.acceptsCurrent):
            return .accepted(which: .current)
        case (_, ExitStatus.accountMissing):
            return .accountMissing(standardError)
        case (.change, ExitStatus.rejected):
            return .rejected(standardError)
        default:
            return .failed(withStandardError("exit status \(exitStatus)", standardError))
        }
    }

    private static func withStandardError(_ status: String, _ standardError: String) -> String {
        standardError.isEmpty ? status : "\(status): \(standardError)"
    }

    private static func parseMintedKey(_ output: [UInt8]) -> Result<MintedKey, JSONSyntaxError> {
        output.withUnsafeBytes { bytes in
            Result { () throws(JSONSyntaxError) in try MintedKey.parse(bytes) }
        }
    }

    /// Returns every secret the connector was given: both sets of key values and each string in
    /// the settings, which hold the credentials the connector uses on the target.
    private static func secretValues(of request: ConnectorRequest) -> [SecretBytes] {
        var values = request.current.values + (request.new?.values ?? [])
        guard let settings = request.settings else { return values }
        settings.withUnsafeBytes { bytes in
            // The settings were validated by `encodedJSON` before the run, so this cannot fail.
            let ranges = (try? SecretJSONReader.stringValueRanges(inObject: bytes)) ?? []
            // Shorter strings are not redacted, so they are not decoded either.
            for range in ranges where range.count >= SecretRedactor.minimumLength {
                values.append(SecretJSONReader.decodeSecret(UnsafeRawBufferPointer(rebasing: bytes[range])))
            }
        }
        return values
    }

    private static func isBlank(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }
    }
}
