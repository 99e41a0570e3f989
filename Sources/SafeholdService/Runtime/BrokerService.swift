#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import SafeholdBroker
import SafeholdCrypto
import SafeholdProtocol

/// Settings of `safehold serve`.
public struct ServiceConfiguration: Sendable {
    public var socketPath: String
    public var socketMode: mode_t = 0o660
    public var readTimeout: Duration = .seconds(30)
    /// Largest request frame: 16 MiB, enough for an import file of tens of thousands of keys.
    public var maxFrameSize = 16 << 20
    /// Program that receives each notification as JSON on stdin; nil disables notifications.
    public var notifyCommand: String?
    /// Time after which a connector program is killed.
    public var connectorTimeout: Duration = .seconds(30)
    public var brokerOptions = BrokerOptions()
    /// Maximum sleep of the scheduler between passes, in seconds.
    public var schedulerMaximumSleep: TimeInterval = 1
    /// Interval between signed audit checkpoints while events arrive, in seconds.
    public var checkpointInterval: TimeInterval = 60

    public init(socketPath: String) {
        self.socketPath = socketPath
    }
}

/// The broker process: keeps the opened vault, serves the socket, runs the scheduler, and
/// stops cleanly on SIGTERM or SIGINT.
public final class BrokerService: Sendable {
    public let broker: Broker
    private let vault: OpenedVault
    private let server: UnixSocketServer
    private let scheduler: Scheduler
    private let logger: Logger
    private let dispatcher: NotificationDispatcher?

    public init(vault: OpenedVault, configuration: ServiceConfiguration, logger: Logger, clock: any TimeSource = SystemTimeSource()) throws {
        var dispatcher: NotificationDispatcher?
        if let command = configuration.notifyCommand {
            let notifyLogger = logger.withLabel("safehold.notify")
            dispatcher = try NotificationDispatcher(configuration: .init(command: command)) { message, metadata in
                notifyLogger.info("notification delivery", metadata.merging(["event": message]) { a, _ in a })
            }
        }
        let forward = dispatcher
        let sink = NotificationSink { notice in forward?.enqueue(NoticeForwarder.notification(for: notice)) }
        let broker = Broker(
            vault: vault, clock: clock, options: configuration.brokerOptions, log: logger.withLabel("safehold.broker"),
            targets: RotationTargets(exec: ExecKeyChangeTarget(timeout: configuration.connectorTimeout)), notifications: sink
        )
        let handler = ServiceHandler(broker: broker, logger: logger.withLabel("safehold.service"))
        self.broker = broker
        self.vault = vault
        self.logger = logger
        self.dispatcher = dispatcher
        self.scheduler = Scheduler(
            broker: broker, logger: logger.withLabel("safehold.scheduler"), clock: clock,
            maximumSleep: configuration.schedulerMaximumSleep, checkpointInterval: configuration.checkpointInterval
        )
        self.server = UnixSocketServer(
            configuration: UnixSocketServer.Configuration(
                socketPath: configuration.socketPath, mode: configuration.socketMode, readTimeout: configuration.readTimeout,
                maxFrameSize: configuration.maxFrameSize
            ),
            logger: logger.withLabel("safehold.socket"),
            handler: { context, header, frame in handler.handle(context, header, frame) }
        )
    }

    /// Recovers the rotation journal, starts serving and the scheduler, and blocks until SIGTERM
    /// or SIGINT; then stops accepting, lets in-flight calls finish, signs a last checkpoint and
    /// closes the vault. A signal that arrives during the start stops the service once it is up.
    public func run() throws {
        let termination = TerminationSignal()
        logger.info("service starting", ["vault": vault.layout.directory])
        let recovered = broker.recoverRotations()
        if !recovered.isEmpty { logger.info("rotation journal recovered", ["entries": String(recovered.count)]) }

        signal(SIGPIPE, SIG_IGN)
        try server.start()
        try scheduler.start()
        logger.info("service listening", ["socket": server.configuration.socketPath, "pid": String(getpid())])

        termination.wait()

        logger.info("service stopping", [:])
        server.stop()
        scheduler.stop()
        broker.signCheckpoint()
        if let dispatcher, !dispatcher.drain(timeout: .seconds(5)) {
            logger.error("notifications still waiting at stop are dropped", [:])
        }
        dispatcher?.stopKillingDelivery()
        vault.close()
        logger.info("service stopped", [:])
    }
}
