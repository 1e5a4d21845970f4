using LogGrains.Core.Objects;

namespace LogGrains.Core.Notifications;

/// <summary>
/// The message announced one or more created objects.
/// </summary>
/// <remarks>
/// Keys are URL-decoded once but not yet checked against the key layout: the caller applies
/// <see cref="Keys.KeyLayout.TryParse"/> to each object, so that one malformed key does not hide
/// the good objects of the same message.
/// </remarks>
/// <param name="Objects">The created objects, in record order; never empty.</param>
/// <param name="IgnoredRecordCount">Records of the same message that were not <c>ObjectCreated:*</c> events (counted, not delivered).</param>
public sealed record ObjectsNotification(IReadOnlyList<ObjectRef> Objects, int IgnoredRecordCount) : NotificationResult;
