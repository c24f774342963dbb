using CsCheck;
using Dnscert.Traffic.Detectors;

namespace Dnscert.UnitTests.Traffic;

public sealed class DgaModelTests
{
    [Theory]
    [InlineData("newspaper")]
    [InlineData("university")]
    [InlineData("photography")]
    [InlineData("weatherforecast")]
    public void Ordinary_words_score_above_the_default_threshold(string label) =>
        Assert.True(DgaModel.Default.Score(label) > new DgaDetector.Options().MaxScore, $"{label}: {DgaModel.Default.Score(label)}");

    [Theory]
    [InlineData("xkqjzvbwptrm")]
    [InlineData("q8z3k1x0vfj2")]
    [InlineData("bfd3a9c07e21")]
    public void Random_labels_score_below_the_default_threshold(string label) =>
        Assert.True(DgaModel.Default.Score(label) <= new DgaDetector.Options().MaxScore, $"{label}: {DgaModel.Default.Score(label)}");

    [Fact]
    public void A_damaged_model_file_is_refused_with_its_line()
    {
        var error = Assert.Throws<FormatException>(() => DgaModel.Parse(new StringReader("alphabet ^abc\n")));
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => DgaModel.Parse(new StringReader("-1 -2 x\n")));
        Assert.Throws<FormatException>(() => DgaModel.Parse(new StringReader(string.Empty)));
    }

    [Fact]
    public void Any_text_either_parses_or_raises_format_exception() =>
        Gen.String.Sample(text =>
        {
            try
            {
                DgaModel.Parse(new StringReader(text));
            }
            catch (FormatException)
            {
            }
        });
}
