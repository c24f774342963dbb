using System.Globalization;
using System.Reflection;

namespace Dnscert.Traffic.Detectors;

/// <summary>
/// The character bigram model of benign labels the DGA detector scores names with, loaded from the embedded
/// resource that scripts/train-dga-model.py generates (English words plus public suffix labels, see
/// docs/detectors.md). A label's score is the mean natural-log probability of its bigrams, start and end
/// included: pronounceable labels score high, random letters and digits low.
/// </summary>
public sealed class DgaModel
{
    private const string Alphabet = "^abcdefghijklmnopqrstuvwxyz0123456789-";
    private const int Size = 38;
    private static readonly Lazy<DgaModel> s_default = new(LoadDefault);
    private readonly float[] _logProbabilities;

    private DgaModel(float[] logProbabilities) => _logProbabilities = logProbabilities;

    /// <summary>The model shipped with dnscert.</summary>
    public static DgaModel Default => s_default.Value;

    /// <summary>Reads a model in the text format the training script writes; throws <see cref="FormatException"/> naming the line.</summary>
    public static DgaModel Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var table = new float[Size * Size];
        var row = 0;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("alphabet ", StringComparison.Ordinal))
            {
                if (line[9..] != Alphabet)
                {
                    throw new FormatException($"DGA model line {lineNumber}: unexpected alphabet.");
                }

                continue;
            }

            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (row >= Size || cells.Length != Size)
            {
                throw new FormatException($"DGA model line {lineNumber}: expected {Size} values in at most {Size} rows.");
            }

            for (var column = 0; column < Size; column++)
            {
                if (!float.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value <= 0))
                {
                    throw new FormatException($"DGA model line {lineNumber}, column {column + 1}: not a log probability.");
                }

                table[(row * Size) + column] = value;
            }

            row++;
        }

        return row == Size ? new DgaModel(table) : throw new FormatException($"DGA model: {row} rows, expected {Size}.");
    }

    /// <summary>Mean log probability per bigram of <paramref name="label"/> (ASCII, any case); 0 for an empty label.</summary>
    public double Score(ReadOnlySpan<byte> label)
    {
        if (label.IsEmpty)
        {
            return 0;
        }

        var sum = 0.0;
        var previous = 0;
        foreach (var b in label)
        {
            var current = IndexOf(b);
            sum += _logProbabilities[(previous * Size) + current];
            previous = current;
        }

        sum += _logProbabilities[previous * Size];
        return sum / (label.Length + 1);
    }

    /// <summary><see cref="Score(ReadOnlySpan{byte})"/> of a text label.</summary>
    public double Score(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        Span<byte> bytes = stackalloc byte[Math.Min(label.Length, 63)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = label[i] < 0x80 ? (byte)label[i] : (byte)'^';
        }

        return Score(bytes);
    }

    private static int IndexOf(byte b) => b switch
    {
        >= (byte)'a' and <= (byte)'z' => b - 'a' + 1,
        >= (byte)'A' and <= (byte)'Z' => b - 'A' + 1,
        >= (byte)'0' and <= (byte)'9' => b - '0' + 27,
        (byte)'-' => 37,
        _ => 37,
    };

    private static DgaModel LoadDefault()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dnscert.Traffic.dga-bigrams.txt")
            ?? throw new InvalidOperationException("The DGA model resource is missing from Dnscert.Traffic.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
