using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace VerifyTrack.Web.Intake;

/// <summary>A sentence with its cues marked, so the editor sees at a glance why it was picked.</summary>
public static class CueMarkup
{
    public static IHtmlContent Highlight(string sentence)
    {
        var builder = new HtmlContentBuilder();
        var at = 0;
        foreach (var cue in Cues.Find(sentence))
        {
            builder.Append(sentence[at..cue.Start]);
            var kind = CueJson.KindName(cue.Kind);
            builder.AppendHtml($"<mark class=\"cue cue-{kind}\" title=\"{kind}\">{HtmlEncoder.Default.Encode(cue.Text)}</mark>");
            at = cue.End;
        }

        builder.Append(sentence[at..]);
        return builder;
    }
}
