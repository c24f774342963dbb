using Dnscert.Core.Store;

namespace Dnscert.Coordination.Stakeholders;

/// <summary>Moves directory entries between the domain type and the store's form, and loads the whole directory.</summary>
public static class StakeholderDirectory
{
    public static StoredStakeholder ToStored(Stakeholder stakeholder)
    {
        ArgumentNullException.ThrowIfNull(stakeholder);
        return new StoredStakeholder(stakeholder.Id, stakeholder.Name, DirectoryJson.WriteOne(stakeholder), [.. stakeholder.AmberConstituents]);
    }

    public static Stakeholder FromStored(StoredStakeholder stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return DirectoryJson.ReadOne(stored.Document);
    }

    public static async Task<IReadOnlyList<Stakeholder>> LoadAsync(IStakeholderRepository repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return [.. (await repository.ListAsync(cancellationToken).ConfigureAwait(false)).Select(FromStored)];
    }

    /// <summary>Imports a validated directory in one transaction (existing ids are replaced).</summary>
    public static Task ImportAsync(IStakeholderRepository repository, IReadOnlyList<Stakeholder> stakeholders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(stakeholders);
        return repository.SaveAllAsync([.. stakeholders.Select(ToStored)], cancellationToken);
    }

    /// <summary>The fictional demo directory shipped in the assembly.</summary>
    public static IReadOnlyList<Stakeholder> Sample()
    {
        using var stream = typeof(StakeholderDirectory).Assembly.GetManifestResourceStream("Samples/directory.json")
            ?? throw new InvalidOperationException("the sample directory is not embedded");
        using var reader = new StreamReader(stream);
        return DirectoryJson.Read(reader.ReadToEnd());
    }
}
