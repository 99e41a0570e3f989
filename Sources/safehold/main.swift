#if canImport(Glibc)
import Glibc
#endif
import SafeholdCLI

// A clipboard tool or a closed pipe must not kill the command with SIGPIPE; writes fail instead.
signal(SIGPIPE, SIG_IGN)

// The detached clipboard helper runs before anything else; see ClipboardClearHelper.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == [ClipboardClearHelper.commandWord] {
    exit(ClipboardClearHelper.run())
}
// Completion scripts call `safehold [--vault DIR] [--socket PATH] __complete KIND`.
if let index = arguments.firstIndex(of: ServiceWords.commandWord), index + 2 == arguments.count {
    exit(ServiceWords.run(arguments[index + 1], options: Array(arguments[..<index])))
}
exit(SafeholdCommandLine.run(arguments))
