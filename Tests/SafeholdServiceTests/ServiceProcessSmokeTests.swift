import SafeholdTestSupport
import Testing

@Suite struct ServiceProcessSmokeTests {
    @Test func serviceStartsAndAnswersWhoami() throws {
        let service = try ServiceProcess()
        let me = try service.admin(["whoami"])
        #expect(me.status == 0)
        #expect(me.standardOutput.contains("admin"))
        try service.addUser("alice")
        let alice = try service.run(as: "alice", ["whoami"])
        #expect(alice.standardOutput.contains("alice"))
        #expect(alice.standardOutput.contains("token"))
    }
}
