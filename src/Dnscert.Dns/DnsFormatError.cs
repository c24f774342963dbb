namespace Dnscert.Dns;

/// <summary>Why a DNS message, name or RDATA was rejected. Checks map these to tags, so values are stable.</summary>
public enum DnsFormatError
{
    /// <summary>A compression pointer leads back into the name being read, or too many hops.</summary>
    CompressionLoop = 1,

    /// <summary>A compression pointer points at or after its own position.</summary>
    ForwardPointer,

    /// <summary>A compression pointer points outside the message.</summary>
    PointerOutOfRange,

    /// <summary>A label type 0x40 or 0x80 (RFC 6891 §5 deprecated extended labels).</summary>
    ReservedLabelType,

    /// <summary>A name longer than 255 octets in wire form.</summary>
    NameTooLong,

    /// <summary>A label longer than 63 octets (presentation input only; the wire cannot express it).</summary>
    LabelTooLong,

    /// <summary>The data ends before the field being read.</summary>
    Truncated,

    /// <summary>RDLENGTH disagrees with what the type's RDATA layout needs.</summary>
    RdataLengthMismatch,

    /// <summary>The header counts need more bytes than the message has.</summary>
    CountTooLarge,

    /// <summary>More than one OPT record.</summary>
    DuplicateOpt,

    /// <summary>An OPT record outside the additional section.</summary>
    OptNotInAdditional,

    /// <summary>More records than <see cref="ParseLimits.MaxRecords"/> allows.</summary>
    TooManyRecords,

    /// <summary>More labels than <see cref="ParseLimits.MaxLabels"/> allows.</summary>
    TooManyLabels,

    /// <summary>The message exceeds <see cref="ParseLimits.MaxMessageSize"/>.</summary>
    MessageTooLarge,

    /// <summary>An OPT record whose owner is not the root.</summary>
    OptOwnerNotRoot,

    /// <summary>More EDNS options than <see cref="ParseLimits.MaxEdnsOptions"/> allows.</summary>
    TooManyOptions,

    /// <summary>A presentation-format name with an empty label (<c>a..b</c>).</summary>
    EmptyLabel,

    /// <summary>A presentation-format escape that is incomplete or above \255.</summary>
    InvalidEscape,

    /// <summary>A field value that is structurally invalid (bad type bitmap, bad SVCB key order, ...).</summary>
    InvalidField,
}
