namespace VerifyTrack.Web.Claims;

public sealed record TransitionCommand(ClaimState To, string? Note, string? PublicNote, string? DeniedBy, string? DenialUrl);

/// <summary>
/// Every rule about moving a claim between states, in one place, used by the forms and the API alike.
/// Any state can move to any other: "denied" is not "false", so a denied claim can later be confirmed,
/// and a confirmed or denied claim can be reopened to "unverified".
/// </summary>
public static class ClaimRules
{
    public static IReadOnlyList<ClaimState> TargetsFrom(ClaimState from) =>
        Enum.GetValues<ClaimState>().Where(s => s != from).ToList();

    /// <summary>
    /// Every rule of a move: its shape (<see cref="CheckTransitionShape"/>), and the rules that depend on the claim
    /// as it stands — not already in the target state; confirmed only with supporting evidence.
    /// </summary>
    public static FieldErrors CheckTransition(ClaimState from, TransitionCommand command, IReadOnlyCollection<Stance> evidence)
    {
        var errors = CheckTransitionShape(command);

        if (command.To == from)
        {
            errors.Add("to", $"The claim is already {Wire.Name(from)}.");
        }

        if (command.To == ClaimState.Confirmed && !evidence.Contains(Stance.Supports))
        {
            errors.Add("to", "A claim can only be confirmed with at least one evidence item that supports it: add the evidence first.");
        }

        return errors;
    }

    /// <summary>
    /// What a move must carry whatever the claim's state (a note; who denied it, for a denial; nothing of a denial
    /// otherwise): a request without it is malformed (400), not refused by a state rule (422).
    /// </summary>
    public static FieldErrors CheckTransitionShape(TransitionCommand command)
    {
        var errors = new FieldErrors();

        if (TextRules.IsBlank(command.Note))
        {
            errors.Add("note", command.To == ClaimState.Unverified
                ? "note is required: say why the claim is being reopened."
                : "note is required: say what changed.");
        }
        else
        {
            TextRules.Optional(errors, "note", command.Note, TextRules.NoteMax);
        }

        TextRules.Optional(errors, "publicNote", command.PublicNote, TextRules.NoteMax);

        if (command.To == ClaimState.Denied)
        {
            if (TextRules.IsBlank(command.DeniedBy))
            {
                errors.Add("deniedBy", "deniedBy is required: name the party that denied the claim.");
            }
            else
            {
                TextRules.Optional(errors, "deniedBy", command.DeniedBy, TextRules.NameMax);
            }

            TextRules.OptionalUrl(errors, "denialUrl", command.DenialUrl);
        }
        else
        {
            if (!TextRules.IsBlank(command.DeniedBy))
            {
                errors.Add("deniedBy", "deniedBy only applies when moving a claim to denied.");
            }

            if (!TextRules.IsBlank(command.DenialUrl))
            {
                errors.Add("denialUrl", "denialUrl only applies when moving a claim to denied.");
            }
        }

        return errors;
    }

    /// <summary>
    /// When an editor names the evidence a confirmation rests on, each item must be supporting evidence
    /// of this claim, and there must be at least one. Naming none (null) leaves only the general rule.
    /// </summary>
    public static FieldErrors CheckSupportingEvidence(ClaimState to, IReadOnlyCollection<long>? picked, IReadOnlyDictionary<long, Stance> evidence)
    {
        if (picked is null)
        {
            return new FieldErrors();
        }

        if (to != ClaimState.Confirmed)
        {
            return picked.Count == 0
                ? new FieldErrors()
                : FieldErrors.Of("supportingEvidenceIds", "supportingEvidenceIds only applies when confirming a claim.");
        }

        if (picked.Count == 0)
        {
            return FieldErrors.Of("supportingEvidenceIds", "Pick the supporting evidence that confirms the claim.");
        }

        var wrong = picked.Where(id => !evidence.TryGetValue(id, out var stance) || stance != Stance.Supports).ToList();
        return wrong.Count == 0
            ? new FieldErrors()
            : FieldErrors.Of("supportingEvidenceIds", $"Evidence {string.Join(", ", wrong)} is not supporting evidence of this claim.");
    }

    public static FieldErrors CheckEvidenceRemoval(ClaimState state, IReadOnlyCollection<Stance> remaining)
    {
        return state == ClaimState.Confirmed && !remaining.Contains(Stance.Supports)
            ? FieldErrors.Of("evidence", "This is the last supporting evidence of a confirmed claim: reopen the claim or add other supporting evidence before removing it.")
            : new FieldErrors();
    }

    public static FieldErrors CheckAppearanceRemoval(int remaining)
    {
        return remaining < 1
            ? FieldErrors.Of("appearance", "A claim keeps at least one appearance: add another before removing this one.")
            : new FieldErrors();
    }
}
