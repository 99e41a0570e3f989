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
exit(SafeholdCommandLine.run(arguments))
