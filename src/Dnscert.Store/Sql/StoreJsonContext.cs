using System.Text.Json.Serialization;

namespace Dnscert.Store.Sql;

/// <summary>Source-generated JSON for the lists the store keeps in text columns (no reflection, trimming-safe).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
