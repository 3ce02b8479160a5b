namespace Switchyard.Delivery.Journal;

/// <summary>
/// What a claim leased, and when the earliest delivery it left (a retry not yet due, another node's lease) becomes
/// claimable: the claimer sleeps until then (or until something new arrives), not on a fixed poll.
/// </summary>
public sealed record DeliveryClaim(IReadOnlyList<PendingDelivery> Deliveries, DateTimeOffset? NextClaimableAt);
