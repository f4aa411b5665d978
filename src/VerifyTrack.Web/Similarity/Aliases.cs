using System.Data.Common;
using Dapper;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Similarity;

/// <summary>
/// The alias list in the database (migration 0012): read compiled, and kept by admins. The compiled list is kept
/// per generation (a number the database moves with every change to the list), so every instance sees an edit at
/// its next lookup, and a lookup costs one read of that number.
/// </summary>
public sealed class Aliases(Database database, TimeProvider clock)
{
    public const int NameMax = 100;
    public const int MaxTerms = 50;

    private sealed record Compiled(long Generation, AliasSet Set);

    private Compiled? _compiled;

    public async Task<AliasSet> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await CurrentAsync(connection, null);
    }

    /// <summary>The list as it is on this connection (and in its transaction, when one is open).</summary>
    public async Task<AliasSet> CurrentAsync(DbConnection connection, DbTransaction? transaction)
    {
        var generation = await connection.ExecuteScalarAsync<long>(
            "SELECT CAST(value AS INTEGER) FROM app_settings WHERE key = 'aliases_generation'", transaction: transaction);
        if (_compiled is { } compiled && compiled.Generation == generation)
        {
            return compiled.Set;
        }

        var set = new AliasSet(await ListAsync(connection, transaction));
        _compiled = new Compiled(generation, set);
        return set;
    }

    public async Task<IReadOnlyList<AliasGroup>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ListAsync(connection, null);
    }

    private static async Task<IReadOnlyList<AliasGroup>> ListAsync(DbConnection connection, DbTransaction? transaction)
    {
        var groups = await connection.QueryAsync<(long Id, string Name)>("SELECT id, name FROM alias_groups ORDER BY name COLLATE NOCASE, id", transaction: transaction);
        var terms = (await connection.QueryAsync<(long GroupId, string Term)>(
                "SELECT group_id, term FROM alias_terms ORDER BY group_id, position", transaction: transaction))
            .ToLookup(t => t.GroupId, t => t.Term);
        return groups.Select(g => new AliasGroup(g.Id, g.Name, terms[g.Id].ToList())).ToList();
    }

    public Task<(AliasGroup? Group, FieldErrors Errors)> AddAsync(string? name, string? terms, Actor actor, CancellationToken cancellationToken = default) =>
        database.WriteAsync<(AliasGroup?, FieldErrors)>(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var (cleanName, cleanTerms, errors) = Validate(name, terms, await ListAsync(connection, transaction), exceptGroupId: null);
            if (!errors.IsEmpty)
            {
                return (null, errors);
            }

            var now = clock.GetUtcNow();
            var id = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO alias_groups (name, created_at, updated_at) VALUES (@cleanName, @now, @now) RETURNING id",
                new { cleanName, now }, transaction);
            await InsertTermsAsync(transaction, id, cleanTerms);
            await AuditLog.AppendAsync(transaction, null, AuditKinds.AliasCreated, actor, now, new { id, name = cleanName, terms = string.Join(", ", cleanTerms) });
            write.Commit();
            return (new AliasGroup(id, cleanName, cleanTerms), errors);
        }, cancellationToken);

    /// <summary>Null when there is no such group; otherwise the form's errors (none when saved).</summary>
    public Task<FieldErrors?> UpdateAsync(long id, string? name, string? terms, Actor actor, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var all = await ListAsync(connection, transaction);
            if (all.FirstOrDefault(g => g.Id == id) is not { } before)
            {
                return null;
            }

            var (cleanName, cleanTerms, errors) = Validate(name, terms, all, exceptGroupId: id);
            if (!errors.IsEmpty)
            {
                return errors;
            }

            var changes = new Dictionary<string, object>(StringComparer.Ordinal);
            if (before.Name != cleanName)
            {
                changes["name"] = new { before = before.Name, after = cleanName };
            }

            if (!before.Terms.SequenceEqual(cleanTerms, StringComparer.Ordinal))
            {
                changes["terms"] = new { before = string.Join(", ", before.Terms), after = string.Join(", ", cleanTerms) };
            }

            if (changes.Count == 0)
            {
                return errors;
            }

            var now = clock.GetUtcNow();
            await connection.ExecuteAsync("UPDATE alias_groups SET name = @cleanName, updated_at = @now WHERE id = @id", new { cleanName, now, id }, transaction);
            await connection.ExecuteAsync("DELETE FROM alias_terms WHERE group_id = @id", new { id }, transaction);
            await InsertTermsAsync(transaction, id, cleanTerms);
            await AuditLog.AppendAsync(transaction, null, AuditKinds.AliasUpdated, actor, now, new { id, name = cleanName, changes });
            write.Commit();
            return errors;
        }, cancellationToken);

    /// <summary>The removed group, or null when there was none.</summary>
    public Task<AliasGroup?> RemoveAsync(long id, Actor actor, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            if ((await ListAsync(connection, transaction)).FirstOrDefault(g => g.Id == id) is not { } group)
            {
                return null;
            }

            await connection.ExecuteAsync("DELETE FROM alias_groups WHERE id = @id", new { id }, transaction);
            await AuditLog.AppendAsync(transaction, null, AuditKinds.AliasRemoved, actor, clock.GetUtcNow(), new { id, name = group.Name, terms = string.Join(", ", group.Terms) });
            write.Commit();
            return group;
        }, cancellationToken);

    private static async Task InsertTermsAsync(DbTransaction transaction, long groupId, IReadOnlyList<string> terms)
    {
        for (var position = 0; position < terms.Count; position++)
        {
            await transaction.Connection!.ExecuteAsync(
                "INSERT INTO alias_terms (group_id, position, term) VALUES (@groupId, @position, @term)",
                new { groupId, position = position + 1, term = terms[position] }, transaction);
        }
    }

    /// <summary>
    /// A name and its equivalents (one a line), each a phrase with at least one word that is not a common word,
    /// none spelling a member of another group: a phrase may stand for one party only.
    /// </summary>
    internal static (string Name, IReadOnlyList<string> Terms, FieldErrors Errors) Validate(
        string? name, string? terms, IReadOnlyList<AliasGroup> existing, long? exceptGroupId)
    {
        var errors = new FieldErrors();
        TextRules.Required(errors, "name", name, NameMax);
        var cleanName = name?.Trim() ?? "";
        var lines = (terms ?? "").Split('\n').Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        var cleanTerms = lines.Where(t => !string.Equals(t, cleanName, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (cleanTerms.Count == 0)
        {
            errors.Add("terms", "Give at least one equivalent, one a line: another name of the same party or place.");
        }
        else if (cleanTerms.Count > MaxTerms)
        {
            errors.Add("terms", $"A group holds at most {MaxTerms} equivalents (got {cleanTerms.Count}).");
        }

        foreach (var term in cleanTerms)
        {
            TextRules.Optional(errors, "terms", term, NameMax);
        }

        if (!errors.IsEmpty)
        {
            return (cleanName, cleanTerms, errors);
        }

        if (existing.Any(g => g.Id != exceptGroupId && string.Equals(g.Name, cleanName, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("name", $"There is already a group named '{cleanName}'.");
        }

        var others = existing.Where(g => g.Id != exceptGroupId)
            .SelectMany(g => g.Members.Select(m => (Group: g, Keys: string.Join(' ', AliasSet.KeysOf(m)), Words: string.Join(' ', AliasSet.SearchWordsOf(m)))))
            .ToList();
        foreach (var (member, field) in cleanTerms.Select(t => (t, "terms")).Prepend((cleanName, "name")))
        {
            var keys = string.Join(' ', AliasSet.KeysOf(member));
            if (keys.Length == 0)
            {
                errors.Add(field, $"'{member}' has no word to match by: only common words such as 'the' or 'of'.");
                continue;
            }

            var words = string.Join(' ', AliasSet.SearchWordsOf(member));
            if (others.FirstOrDefault(o => o.Keys == keys || (words.Length > 0 && o.Words == words)) is { Group: { } other })
            {
                errors.Add(field, $"'{member}' already stands for '{other.Name}': a name may be in one group only.");
            }
        }

        return (cleanName, cleanTerms, errors);
    }
}
