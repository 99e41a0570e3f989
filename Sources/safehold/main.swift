#if canImport(Glibc)
import Glibc
#endif
import SafeholdCLI

// The detached clipboard helper runs before anything else; see ClipboardClearHelper.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == [ClipboardClearHelper.commandWord] {
    exit(ClipboardClearHelper.run())
}
exit(SafeholdCommandLine.run(arguments))
