import SafeholdBroker
import SafeholdProtocol

/// The service hands its own logger to the broker, so broker lines share the same sink.
extension Logger: BrokerLog {}
