using System.Globalization;
using Microsoft.Extensions.Options;
using VerifyTrack.Web.Accounts;
using VerifyTrack.Web.Audit;
using VerifyTrack.Web.Demo;
using VerifyTrack.Web.Desks;
using VerifyTrack.Web.Infrastructure.Db;

namespace VerifyTrack.Web.Infrastructure.Cli;

/// <summary>
/// The operators' verbs: <c>dotnet run --project src/VerifyTrack.Web -- &lt;verb&gt;</c> runs one and exits without serving.
/// Exit codes: 0 done, 1 the verb failed (e.g. a broken audit chain), 2 wrong usage.
/// </summary>
public sealed class CommandLine(IServiceProvider services, TextReader input, TextWriter output, TextWriter error)
{
    private const int Ok = 0;
    private const int Failed = 1;
    private const int Usage = 2;

    private static readonly Actor Operator = new(null, "command-line");

    public const string UsageText = """
        Usage: dotnet run --project src/VerifyTrack.Web -- <verb> [options]

        Verbs:
          migrate                                                 apply pending database migrations
          desks add --slug S --name N --time-zone TZ              add a desk (TZ is an IANA name, e.g. Europe/London)
          users add --email E --name N --role R [--desk S]...     add a user; the password is read from standard input
                                                                  (R is editor, desk_lead or admin)
          tokens create --email E --name LABEL                    create a personal API token and print it once
          tokens revoke --email E --id N                          revoke one of a user's API tokens
          audit verify [--expect-head ID:HASH]                    check the whole audit hash chain; prints its head,
                                                                  which a later run can require to still be there
          backup --to FOLDER                                      copy the live database and the job store into a new
                                                                  folder (online: the app keeps serving); prints the
                                                                  copy's audit head
          jobs run NAME                                           run a job once now and print its outcome
                                                                  (stale-reminders, desk-digests, outbox-sender, webhook-sender,
                                                                  housekeeping, and backup when Backup:Directory is set)
          intake extract --file PATH [--url U] [--outlet O]       print the candidate claims in an article (text or HTML)
                                                                  as JSON, as POST /api/v1/intake/extract answers
          demo seed                                               load the demo dataset into an empty database
          demo generate --claims N [--seed S]                     fill an empty database with N generated claims (benchmarks)
          about                                                   print the versions of the app, .NET, SQLite, Hangfire and MailKit
          help                                                    show this text
        """;

    private static readonly string[] Verbs = ["migrate", "desks", "users", "tokens", "audit", "backup", "jobs", "intake", "demo", "about", "help", "--help"];

    /// <summary>
    /// Whether the arguments ask for a verb rather than the web server. Only host settings (<c>--urls …</c>,
    /// <c>/urls …</c>, <c>Key=value</c>) start the server: any other first word is a verb, so a mistyped one
    /// is a usage error instead of a server listening where an operator expected a command to run.
    /// </summary>
    /// <summary>The verbs that take options, by their words before the first option.</summary>
    private static readonly string[] CommandVerbs =
        ["migrate", "desks add", "users add", "tokens create", "tokens revoke", "audit verify", "backup", "intake extract", "demo seed", "demo generate"];

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (args[0] == "--help" || !(args[0].StartsWith('-') || args[0].StartsWith('/') || args[0].Contains('=', StringComparison.Ordinal)));

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        try
        {
            if (args is [] or ["help" or "--help", ..])
            {
                await output.WriteLineAsync(UsageText);
                return Ok;
            }

            if (!Verbs.Contains(args[0], StringComparer.Ordinal))
            {
                return await UsageErrorAsync($"Unknown verb '{args[0]}'.");
            }

            if (args is ["about"])
            {
                foreach (var (name, version) in About.Versions())
                {
                    await output.WriteLineAsync($"{name}: {version}");
                }

                return Ok;
            }

            if (args is ["jobs", "run", var jobName, ..])
            {
                await services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
                return await RunJobAsync(jobName, args.Length, cancellationToken);
            }

            var words = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Take(2).ToArray();
            var verb = string.Join(' ', words);
            if (!CommandVerbs.Contains(verb, StringComparer.Ordinal))
            {
                // Before anything touches the database: a mistyped verb must change nothing.
                return await UsageErrorAsync($"Unknown verb '{verb}'.");
            }

            var options = CommandOptions.Parse(args[words.Length..]);
            services.GetService<IStartupValidator>()?.Validate();
            if (verb is not ("migrate" or "audit verify" or "backup"))
            {
                await services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
            }

            return verb switch
            {
                "migrate" => await MigrateAsync(cancellationToken),
                "desks add" => await AddDeskAsync(options, cancellationToken),
                "users add" => await AddUserAsync(options, cancellationToken),
                "tokens create" => await CreateTokenAsync(options, cancellationToken),
                "tokens revoke" => await RevokeTokenAsync(options, cancellationToken),
                "audit verify" => await VerifyAuditAsync(options, cancellationToken),
                "backup" => await BackupAsync(options, cancellationToken),
                "intake extract" => await ExtractClaimsAsync(options, cancellationToken),
                "demo seed" => await SeedDemoAsync(cancellationToken),
                "demo generate" => await GenerateDemoAsync(options, cancellationToken),
                _ => await UsageErrorAsync($"Unknown verb '{string.Join(' ', args)}'."),
            };
        }
        catch (CommandLineException ex)
        {
            return await UsageErrorAsync(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Operators get the message, not a stack trace: configuration and database errors say what to fix.
            await error.WriteLineAsync(ex is OptionsValidationException invalid ? string.Join(Environment.NewLine, invalid.Failures) : ex.Message);
            return Failed;
        }
    }

    private async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var runner = services.GetRequiredService<MigrationRunner>();
        var applied = await runner.ApplyAsync(cancellationToken);
        var status = await runner.GetStatusAsync(cancellationToken);
        await output.WriteLineAsync(applied.Count == 0
            ? $"Database is up to date ({status.Applied} migrations applied)."
            : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
        return Ok;
    }

    private async Task<int> AddDeskAsync(CommandOptions options, CancellationToken cancellationToken)
    {
        options.AllowOnly("slug", "name", "time-zone");
        var (desk, errors) = await services.GetRequiredService<DeskStore>().AddAsync(
            options.Required("slug"), options.Required("name"), options.Required("time-zone"), Operator, cancellationToken);
        if (desk is null)
        {
            return await ReportAsync(errors);
        }

        await output.WriteLineAsync($"Added desk '{desk.Slug}' ({desk.Name}, {desk.TimeZone}).");
        return Ok;
    }

    private async Task<int> AddUserAsync(CommandOptions options, CancellationToken cancellationToken)
    {
        options.AllowOnly("email", "name", "role", "desk");
        var email = options.Required("email");
        var name = options.Required("name");
        var role = options.Required("role");
        var password = (await input.ReadLineAsync(cancellationToken))?.TrimEnd('\r');
        if (string.IsNullOrEmpty(password))
        {
            throw new CommandLineException("Give the password on standard input, e.g.: echo \"$PASSWORD\" | dotnet run ... -- users add ...");
        }

        var (user, errors) = await services.GetRequiredService<UserStore>().CreateAsync(
            new NewUser(email, name, role, password, options.All("desk")), Operator, cancellationToken);
        if (user is null)
        {
            return await ReportAsync(errors);
        }

        await output.WriteLineAsync($"Added {user.Role} {user.Email} (id {user.Id}).");
        return Ok;
    }

    private async Task<int> CreateTokenAsync(CommandOptions options, CancellationToken cancellationToken)
    {
        options.AllowOnly("email", "name");
        var user = await FindUserAsync(options.Required("email"), cancellationToken);
        if (user is null)
        {
            return Failed;
        }

        var label = options.Required("name");
        var (token, row) = await services.GetRequiredService<ApiTokens>().CreateAsync(user.Id, label, Operator, cancellationToken);
        await error.WriteLineAsync($"Token {row.Id} '{row.Label}' for {user.Email}. It is shown only this once:");
        await output.WriteLineAsync(token);
        return Ok;
    }

    private async Task<int> RevokeTokenAsync(CommandOptions options, CancellationToken cancellationToken)
    {
        options.AllowOnly("email", "id");
        var user = await FindUserAsync(options.Required("email"), cancellationToken);
        if (user is null)
        {
            return Failed;
        }

        if (!long.TryParse(options.Required("id"), out var tokenId))
        {
            throw new CommandLineException("--id must be a token number.");
        }

        if (!await services.GetRequiredService<ApiTokens>().RevokeAsync(user.Id, tokenId, Operator, cancellationToken))
        {
            await error.WriteLineAsync($"{user.Email} has no live token {tokenId}.");
            return Failed;
        }

        await output.WriteLineAsync($"Revoked token {tokenId} of {user.Email}.");
        return Ok;
    }

    private async Task<int> VerifyAuditAsync(CommandOptions options, CancellationToken cancellationToken)
    {
        options.AllowOnly("expect-head");
        var expected = options.Optional("expect-head");
        ChainVerification result;
        try
        {
            result = await services.GetRequiredService<AuditChainVerifier>().VerifyAsync(expected, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new CommandLineException(ex.Message);
        }

        if (result.IsIntact)
        {
            await output.WriteLineAsync($"Audit chain intact: {result.EventsChecked} events verified.");
            await output.WriteLineAsync($"Head: {result.Head}  (keep this; pass it as --expect-head next time to detect deleted newest events)");
            return Ok;
        }

        var where = result.FirstBrokenEventId is { } id ? $" at event {id}" : "";
        await error.WriteLineAsync($"Audit chain BROKEN{where}: {result.Problem}. {result.EventsChecked} events before it verified.");
        return Failed;
    }

    /// <summary>A backup copies the database as it is: it neither migrates it nor creates it.</summary>
    private async Task<int> BackupAsync(CommandOptions options, CancellationToken cancellationToken)
    {
        options.AllowOnly("to");
        var result = await services.GetRequiredService<Backups.DatabaseBackup>().WriteAsync(options.Required("to"), cancellationToken);
        await output.WriteLineAsync($"Backed up to {result.Folder}:");
        await output.WriteLineAsync($"  {Backups.DatabaseBackup.DatabaseFileName}  the database, {result.DatabaseBytes:N0} bytes");
        await output.WriteLineAsync(result.JobsStoreBytes is { } storeBytes
            ? $"  {Backups.DatabaseBackup.JobsStoreFileName}  the job store, {storeBytes:N0} bytes"
            : "  (no job store yet: Hangfire has not created it, so there was nothing to copy)");
        if (!result.Chain.IsIntact)
        {
            var where = result.Chain.FirstBrokenEventId is { } id ? $" at event {id}" : "";
            await error.WriteLineAsync($"The backup was written, but the audit chain in it is BROKEN{where}: {result.Chain.Problem}.");
            return Failed;
        }

        await output.WriteLineAsync($"Audit chain of the copy intact: {result.Chain.EventsChecked} events verified.");
        await output.WriteLineAsync($"Head: {result.Chain.Head}  (after a restore, audit verify --expect-head with it proves nothing was lost)");
        return Ok;
    }

    private async Task<int> RunJobAsync(string name, int argumentCount, CancellationToken cancellationToken)
    {
        var runner = services.GetRequiredService<Jobs.JobRunner>();
        if (argumentCount > 3 || runner.Find(name) is null)
        {
            throw new CommandLineException($"Unknown job '{name}'. Jobs: {string.Join(", ", runner.Jobs.Select(j => j.Name))}.");
        }

        var run = await runner.RunAsync(name, "command-line", cancellationToken);
        if (run.Outcome == "succeeded")
        {
            await output.WriteLineAsync($"{name}: {run.Summary}.");
            return Ok;
        }

        await error.WriteLineAsync($"{name} failed: {run.Error}");
        return Failed;
    }

    private async Task<int> GenerateDemoAsync(CommandOptions options, CancellationToken cancellationToken)
    {
        options.AllowOnly("claims", "seed");
        if (!int.TryParse(options.Required("claims"), NumberStyles.None, CultureInfo.InvariantCulture, out var claims) || claims is < 1 or > 10_000_000)
        {
            throw new CommandLineException("--claims must be a whole number from 1 to 10000000.");
        }

        var seed = 2017;
        if (options.Optional("seed") is { } seedText && !int.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
        {
            throw new CommandLineException("--seed must be a whole number.");
        }

        var result = await services.GetRequiredService<DemoGenerator>().GenerateAsync(claims, seed, message => error.WriteLine(message), cancellationToken);
        await output.WriteLineAsync(
            $"Generated {result.Claims:N0} claims, {result.Appearances:N0} appearances, {result.Evidence:N0} evidence items and {result.AuditEvents:N0} audit events in {result.Took.TotalSeconds:0.0} s.");
        return Ok;
    }

    private async Task<int> SeedDemoAsync(CancellationToken cancellationToken)
    {
        var demo = services.GetRequiredService<DemoSeeder>();
        if (!await demo.IsDatabaseEmptyAsync(cancellationToken))
        {
            await error.WriteLineAsync("The database already holds data; demo seed only loads into an empty database.");
            return Failed;
        }

        await demo.SeedAsync(cancellationToken);
        await output.WriteLineAsync("Loaded the demo dataset. Sign in with:");
        foreach (var (email, role) in DemoSeeder.SignIns)
        {
            await output.WriteLineAsync($"  {email} / {demo.Password}  ({role})");
        }

        return Ok;
    }

    private async Task<UserRow?> FindUserAsync(string email, CancellationToken cancellationToken)
    {
        var user = await services.GetRequiredService<UserStore>().FindByEmailAsync(email, cancellationToken);
        if (user is null)
        {
            await error.WriteLineAsync($"There is no user with the e-mail '{email}'.");
        }

        return user;
    }

    private async Task<int> ExtractClaimsAsync(CommandOptions options, CancellationToken cancellationToken)
    {
        options.AllowOnly("file", "url", "outlet");
        var path = options.Required("file");
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"There is no file '{path}'.");
            return Failed;
        }

        var input = new Intake.IntakeExtractInput(await File.ReadAllTextAsync(path, cancellationToken), options.Optional("url"), options.Optional("outlet"));
        var (extraction, errors) = await services.GetRequiredService<Intake.IntakeService>().ExtractAsync(input, cancellationToken);
        if (extraction is null)
        {
            return await ReportAsync(errors);
        }

        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Mvc.JsonOptions>>().Value.JsonSerializerOptions;
        await output.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(extraction, new System.Text.Json.JsonSerializerOptions(json) { WriteIndented = true }));
        return Ok;
    }

    private async Task<int> ReportAsync(FieldErrors errors)
    {
        foreach (var (field, messages) in errors.ToDictionary())
        {
            foreach (var message in messages)
            {
                await error.WriteLineAsync($"{field}: {message}");
            }
        }

        return Failed;
    }

    private async Task<int> UsageErrorAsync(string message)
    {
        await error.WriteLineAsync(message);
        await error.WriteLineAsync();
        await error.WriteLineAsync(UsageText);
        return Usage;
    }
}

public sealed class CommandLineException(string message) : Exception(message);

/// <summary><c>--name value</c> pairs; a name may repeat (<c>--desk a --desk b</c>).</summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public static CommandOptions Parse(string[] args)
    {
        var options = new CommandOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2)
            {
                throw new CommandLineException($"Unexpected argument '{args[i]}'.");
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new CommandLineException($"Option {args[i]} needs a value.");
            }

            var name = args[i][2..];
            if (!options._values.TryGetValue(name, out var list))
            {
                options._values[name] = list = [];
            }

            list.Add(args[++i]);
        }

        return options;
    }

    public void AllowOnly(params string[] names)
    {
        var unknown = _values.Keys.FirstOrDefault(k => !names.Contains(k, StringComparer.Ordinal));
        if (unknown is not null)
        {
            throw new CommandLineException($"Unknown option --{unknown}.");
        }
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var list) ? list[^1] : throw new CommandLineException($"Missing --{name}.");

    public string? Optional(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];
}
