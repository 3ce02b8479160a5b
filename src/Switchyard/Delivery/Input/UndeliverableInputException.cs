namespace Switchyard.Delivery.Input;

/// <summary>
/// The input transformer cannot produce what the target should receive. AWS accepts such a target and delivers nothing
/// for the event; the dispatcher records the attempt as failed without retrying (a <see cref="FormatException"/>).
/// </summary>
public sealed class UndeliverableInputException(string message) : FormatException(message);
