namespace Dnscert.Core.Store;

/// <summary>What a timeline entry records.</summary>
public enum TimelineEntryKind
{
    Opened = 0,
    Transition = 1,
    Comment = 2,
    Message = 3,
    Change = 4,
    ObservationLinked = 5,
}
