#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdSystem
import SafeholdTestSupport
import Testing

@Suite struct CompletionServiceWordsTests {
    /// Starts a service with one account and one pending request of alice's.
    private func service() throws -> (ServiceProcess, requestID: String) {
        let service = try ServiceProcess()
        try service.addUser("alice")
        try service.addUser("bob")
        _ = try service.admin(["apikey", "import", "/dev/stdin"], input: "asset,account,key,client_id,client_secret\nlab,db,api,id,secret-1\n")
        _ = try service.admin(["policy", "add", "p", "--scope", "lab", "--requesters", "alice", "--approvers", "bob"])
        let requested = try service.run(as: "alice", ["request", "lab/db", "--json"])
        let id = requested.standardOutput.split(separator: "\"").drop { $0 != "id" }.dropFirst(2).first.map(String.init) ?? ""
        return (service, id)
    }

    @Test func hiddenCommandListsRequestsAndAccounts() throws {
        let (service, id) = try service()
        let requests = try service.run(as: "alice", ["__complete", "requests"])
        #expect(requests.status == 0)
        #expect(requests.standardOutput.split(separator: "\n").map(String.init).contains(id))
        let accounts = try service.run(as: "alice", ["__complete", "accounts"])
        #expect(accounts.standardOutput.contains("lab/db"))
    }

    @Test func hiddenCommandIsSilentWithoutService() throws {
        let (service, _) = try service()
        service.stop()
        let words = try service.run(as: "alice", ["__complete", "requests"])
        #expect(words.status == 0)
        #expect(words.standardOutput.isEmpty)
        #expect(words.standardError.isEmpty)
    }

    @Test func bashCompletesRequestIdsFromService() throws {
        let (service, id) = try service()
        let script = try BuiltBinary.run(["completion", "bash"]).standardOutput
        let scriptFile = service.directory.file("completion.bash")
        try PrivateFile.create(scriptFile, contents: Array(script.utf8))
        let program = """
            source \(scriptFile)
            COMP_WORDS=(\(BuiltBinary.path) --vault \(service.vault) show "")
            COMP_CWORD=4
            _safehold
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let environment = ["SAFEHOLD_TOKEN_FILE": service.tokenFile("alice"), "PATH": "/usr/bin:/bin", "SAFEHOLD_VAULT": service.vault]
        let bash = Subprocess(executable: "/bin/bash", arguments: ["-c", program], environment: environment, timeout: .seconds(30))
        let result = try bash.run()
        let words = String(decoding: result.standardOutput, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(words.contains(id))
    }
}
