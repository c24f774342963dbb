using System.Text.Json;
using CsCheck;
using Dnscert.Store.Sql;

namespace Dnscert.UnitTests.Store;

/// <summary>
/// The store writes evidence ids, fingerprint lists and a feed's raw lines as JSON arrays in text columns, joining plain
/// ASCII strings itself instead of going through the serializer. Whatever the strings (quotes, backslashes, control
/// characters, HTML-sensitive and non-ASCII characters, empty lists and strings), the text must be exactly what the
/// serializer writes, and read back to the same list: the evidence rule matches ids by their quoted form.
/// </summary>
public sealed class JsonListPropertyTests
{
    [Fact]
    public void A_list_is_written_exactly_as_the_serializer_writes_it_and_reads_back_unchanged()
    {
        Gen.Char["abz09.-_|:/ \"\\<>&'+`~\u0001\u007f\u00e9\u4e2d"].Array[0, 12].Select(c => new string(c)).Array[0, 6].Sample(values =>
        {
            var text = Codes.List(values);
            Assert.Equal(JsonSerializer.Serialize(values, StoreJsonContext.Default.StringArray), text);
            Assert.Equal(values, Codes.ListOf(text));
        });
    }

    [Fact]
    public void Plain_evidence_ids_are_quoted_and_comma_separated()
    {
        var id = new string('a', 64);
        Assert.Equal($"[\"{id}\",\"b.example\"]", Codes.List([id, "b.example"]));
        Assert.Equal("[]", Codes.List([]));
        Assert.Equal("[\"\"]", Codes.List([""]));
    }
}
