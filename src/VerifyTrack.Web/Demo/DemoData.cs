using VerifyTrack.Web.Accounts;

namespace VerifyTrack.Web.Demo;

// Written by hand from the facts of three wire reports about Islamic State claims involving Russia
// (2015–2017). URLs point at example.org: the demo must never send a reader to a real outlet by mistake.

internal sealed record DemoDesk(string Slug, string Name, string TimeZone);

internal sealed record DemoUser(string Email, string Name, string Role, string[] Desks);

internal sealed record DemoAppearance(string Url, string Outlet, string Headline, DateTimeOffset PublishedAt, string Excerpt, string Language = "en");

internal sealed record DemoEvidence(string? Url, string Description, string Stance);

internal sealed record DemoTransition(string To, string Note, string? PublicNote, string? DeniedBy = null, string? DenialUrl = null);

internal sealed record DemoClaim(
    string Statement,
    string Claimant,
    string Summary,
    string Desk,
    string Priority,
    TimeSpan CreatedAgo,
    DemoAppearance[] Appearances,
    DemoEvidence[] Evidence,
    DemoTransition? Transition = null,
    string? Assignee = null,
    bool Publish = false);

internal static class DemoData
{
    public static readonly DemoDesk[] Desks =
    [
        new("world", "World", "Europe/London"),
        new("security", "Security", "Europe/Moscow"),
        new("middle-east", "Middle East", "Asia/Beirut"),
    ];

    public static readonly DemoUser[] Users =
    [
        new("admin@verifytrack.example", "Ada Admin", Roles.Admin, ["world", "security", "middle-east"]),
        new("lead@verifytrack.example", "Lena Lead", Roles.DeskLead, ["security", "middle-east"]),
        new("editor@verifytrack.example", "Eddie Editor", Roles.Editor, ["world", "security", "middle-east"]),
    ];

    public static readonly DemoClaim[] Claims =
    [
        new(
            "Video shows Islamic State beheading a man who says he spied for Russia's FSB",
            "Islamic State (video release)",
            "A video released on a Wednesday shows a Russian-speaking man, who identifies himself as Magomed Khasayev from Chechnya, confessing to spying for the FSB before apparently being beheaded on a beach.",
            "security",
            "urgent",
            TimeSpan.FromHours(3),
            [
                new("https://example.org/wire/2015/12/islamic-state-claims-behead-alleged-russian-spy",
                    "AP (regional reprint)",
                    "Islamic State claims to behead alleged Russian spy in new video",
                    new DateTimeOffset(2015, 12, 3, 19, 2, 0, TimeSpan.Zero),
                    "The authenticity of the video or the claims in it could not immediately be confirmed and there was no comment from Russia's Foreign Ministry or its FSB security service."),
            ],
            [
                new(null, "No comment yet from Russia's Foreign Ministry or the FSB; no indication when or where the video was produced.", "context"),
            ],
            Assignee: "editor@verifytrack.example"),

        new(
            "Islamic State captured two Russian soldiers in Deir Ezzor, Syria",
            "Islamic State / Amaq News Agency",
            "A 42-second Amaq video dated 3 October shows two men in grey tunics who give their names as Roman Zabolotny and Grigory Tsurkanov; Islamic State says it took them captive in clashes in Deir Ezzor.",
            "middle-east",
            "high",
            TimeSpan.FromDays(2),
            [
                new("https://example.org/foreign-desk/2017/10/moscow-denies-islamic-state-captured-two-russian-soldiers",
                    "The Foreign Desk",
                    "Moscow Denies Islamic State Captured Two Russian Soldiers",
                    new DateTimeOffset(2017, 10, 5, 9, 0, 0, TimeSpan.Zero),
                    "Reuters could not immediately verify the video."),
            ],
            [
                new("https://example.org/tass/2017/10/defence-ministry-servicemen-safe",
                    "Russian Defence Ministry via Tass: all servicemen in Syria are safe; no reports of capture or losses in Deir Ezzor.",
                    "refutes"),
                new(null, "Moscow has dismissed earlier Islamic State claims of captured servicemen as false.", "context"),
            ],
            new DemoTransition(
                "denied",
                "Hmeymim airbase spokesperson repeatedly denied any capture, echoing a Defence Ministry statement.",
                "Russia's Defence Ministry says all its servicemen in Syria are safe and that there were no captures or losses in Deir Ezzor. The video has not been independently verified.",
                "Russian Defence Ministry (Hmeymim airbase spokesperson)",
                "https://example.org/tass/2017/10/defence-ministry-servicemen-safe"),
            Publish: true),

        new(
            "ISIS in Afghanistan executed fighters it accused of being Russian FSB agents",
            "ISIS Khorasan (propaganda video)",
            "A video from Afghanistan shows men forced to say they are FSB agents before they are beheaded or shot; the executioner, who says he is Russian, threatens revenge on Russia.",
            "world",
            "normal",
            TimeSpan.FromHours(30),
            [
                new("https://example.org/circa/2017/06/isis-afghanistan-executed-alleged-russian-informants",
                    "Circa",
                    "ISIS in Afghanistan threatened to attack Russia and executed alleged Russian informants",
                    new DateTimeOffset(2017, 6, 19, 20, 58, 0, TimeSpan.Zero),
                    "The men are forced under duress to admit they are agents for the FSB before they are beheaded or shot in the head."),
            ],
            []),

        new(
            "Russia began airstrikes in Syria on 30 September 2015",
            "Russian government",
            "Russia says the strikes target Islamic State fighters and the oil trade that funds them; critics say other rebel groups are hit.",
            "world",
            "low",
            TimeSpan.FromDays(10),
            [
                new("https://example.org/wire/2015/12/islamic-state-claims-behead-alleged-russian-spy",
                    "AP (regional reprint)",
                    "Islamic State claims to behead alleged Russian spy in new video",
                    new DateTimeOffset(2015, 12, 3, 19, 2, 0, TimeSpan.Zero),
                    "Russia on Sept. 30 launched airstrikes in Syria that it says are focused on ISIS fighters and the illegal oil trade that funds them."),
            ],
            [
                new(null, "Russian Defence Ministry announced the first strikes on 30 September 2015; reported independently by several agencies the same day.", "supports"),
            ],
            new DemoTransition(
                "confirmed",
                "Start date confirmed against the Defence Ministry announcement and independent agency reports.",
                "Russia's airstrikes in Syria began on 30 September 2015, as announced by its Defence Ministry and reported independently the same day."),
            Publish: true),

        new(
            "A Russian warplane violated Turkish airspace before Turkey shot it down in November 2015",
            "Turkish government",
            "Turkey says the jet it shot down had violated its airspace; Russia denies any violation and announced sanctions against Turkey.",
            "world",
            "normal",
            TimeSpan.FromDays(9),
            [
                new("https://example.org/wire/2015/12/islamic-state-claims-behead-alleged-russian-spy",
                    "AP (regional reprint)",
                    "Islamic State claims to behead alleged Russian spy in new video",
                    new DateTimeOffset(2015, 12, 3, 19, 2, 0, TimeSpan.Zero),
                    "Turkey shot down a Russian warplane that it said had violated Turkey's airspace. Russia hotly denies any airspace violation."),
            ],
            [],
            new DemoTransition("denied", "Moscow denies any airspace violation.", null, "Russian government")),

        new(
            "A Russian airstrike in Raqqa on 28 May 2017 may have killed Islamic State leader Abu Bakr al-Baghdadi",
            "Russian Defence Ministry",
            "Russian officials said a strike on 28 May in Raqqa may have killed al-Baghdadi; U.S. officials have not confirmed the death.",
            "middle-east",
            "high",
            TimeSpan.FromHours(2),
            [
                new("https://example.org/circa/2017/06/isis-afghanistan-executed-alleged-russian-informants",
                    "Circa",
                    "ISIS in Afghanistan threatened to attack Russia and executed alleged Russian informants",
                    new DateTimeOffset(2017, 6, 19, 20, 58, 0, TimeSpan.Zero),
                    "Russian officials announced that an airstrike on May 28, in Raqqa, Syria, may have killed ISIS's leader Abu Bakr al-Baghdadi, but U.S. officials still have not confirmed the death."),
            ],
            []),

        new(
            "Islamic State video shows the beheading of a captured Russian colonel",
            "Islamic State (reported by SITE Intelligence Group)",
            "In May 2017 jihadists in Syria published a video purporting to show the decapitation of a captured Russian colonel.",
            "security",
            "normal",
            TimeSpan.FromDays(12),
            [
                new("https://example.org/foreign-desk/2017/10/moscow-denies-islamic-state-captured-two-russian-soldiers",
                    "The Foreign Desk",
                    "Moscow Denies Islamic State Captured Two Russian Soldiers",
                    new DateTimeOffset(2017, 10, 5, 9, 0, 0, TimeSpan.Zero),
                    "The Russian Defense Ministry denied the authenticity of that video."),
            ],
            [],
            new DemoTransition(
                "denied",
                "Defence Ministry denied the video's authenticity.",
                "Russia's Defence Ministry denied that the video is authentic.",
                "Russian Defence Ministry"),
            Publish: true),
    ];
}
