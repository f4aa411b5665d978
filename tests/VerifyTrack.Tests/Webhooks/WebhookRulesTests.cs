using System.Net;
using VerifyTrack.Web.Webhooks;

namespace VerifyTrack.Tests.Webhooks;

public sealed class WebhookRulesTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("100.64.0.1")]
    [InlineData("100.100.100.200")]
    [InlineData("100.127.255.255")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.170")]
    [InlineData("192.0.2.1")]
    [InlineData("192.168.1.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.7")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b:1::1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("2002:c0a8:101::1")]
    [InlineData("100::1")]
    [InlineData("2001::1")]
    [InlineData("2001:db8::1")]
    [InlineData("fc00::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fdff:ffff::1")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    public void NonPublicAddresses_AreForbidden(string address) =>
        Assert.NotNull(NetworkRules.ForbiddenRange(IPAddress.Parse(address)));

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.215.14")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.1")]
    [InlineData("169.253.255.255")]
    [InlineData("169.255.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.0")]
    [InlineData("198.20.0.0")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    [InlineData("fbff:ffff::1")]
    [InlineData("fe00::1")]
    public void PublicAddresses_AreAllowed(string address) =>
        Assert.Null(NetworkRules.ForbiddenRange(IPAddress.Parse(address)));

    [Fact]
    public void AForbiddenIPv4AddressInsideIPv6_SaysSo() =>
        Assert.Equal("loopback (127.0.0.0/8), inside an IPv6 address", NetworkRules.ForbiddenRange(IPAddress.Parse("::ffff:127.0.0.1")));

    [Fact]
    public void Signature_IsHmacSha256OfTimestampDotBody_AsOpensslComputesIt()
    {
        // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        const string expected = "sha256=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";

        Assert.Equal(expected, WebhookSignature.Sign("whsec_test", 1700000000, """{"a":1}"""));
        Assert.True(WebhookSignature.Verify("whsec_test", 1700000000, """{"a":1}""", expected));
        Assert.False(WebhookSignature.Verify("whsec_test", 1700000001, """{"a":1}""", expected));
        Assert.False(WebhookSignature.Verify("whsec_test", 1700000000, """{"a":2}""", expected));
        Assert.False(WebhookSignature.Verify("whsec_other", 1700000000, """{"a":1}""", expected));
        Assert.False(WebhookSignature.Verify("whsec_test", 1700000000, """{"a":1}""", null));
    }

    [Fact]
    public void NewSecret_Is32RandomBytesInHex()
    {
        var secrets = Enumerable.Range(0, 20).Select(_ => WebhookSignature.NewSecret()).ToList();

        Assert.All(secrets, s => Assert.Matches("^whsec_[0-9a-f]{64}$", s));
        Assert.Equal(20, secrets.Distinct().Count());
    }

    [Fact]
    public void EveryHttpStatus_HasOneOutcome()
    {
        for (var status = 100; status <= 599; status++)
        {
            var expected = status switch
            {
                >= 200 and < 300 => DeliveryOutcome.Delivered,
                410 => DeliveryOutcome.DeadAndDisable,
                408 or 429 or >= 500 => DeliveryOutcome.Retry,
                _ => DeliveryOutcome.Dead,
            };
            Assert.True(expected == DeliveryOutcomes.Of(status), $"{status}: expected {expected}, got {DeliveryOutcomes.Of(status)}");
        }
    }

    [Theory]
    [InlineData(DeliveryOutcome.Retry, 9, 10, DeliveryOutcome.Retry)]
    [InlineData(DeliveryOutcome.Retry, 10, 10, DeliveryOutcome.Dead)]
    [InlineData(DeliveryOutcome.Retry, 11, 10, DeliveryOutcome.Dead)]
    [InlineData(DeliveryOutcome.Delivered, 10, 10, DeliveryOutcome.Delivered)]
    [InlineData(DeliveryOutcome.DeadAndDisable, 1, 10, DeliveryOutcome.DeadAndDisable)]
    [InlineData(DeliveryOutcome.Dead, 1, 10, DeliveryOutcome.Dead)]
    public void RetriesRunOut_AtMaxAttempts(DeliveryOutcome outcome, int attempts, int max, DeliveryOutcome expected) =>
        Assert.Equal(expected, DeliveryOutcomes.AfterAttempt(outcome, attempts, max));

    [Theory]
    [InlineData("claim.created", null, 1, true)]
    [InlineData("claim.created", 1L, 1, true)]
    [InlineData("claim.created", 2L, 1, false)]
    [InlineData("claim.published", null, 1, false)]
    [InlineData("webhook.test", null, 1, false)]
    public void Endpoint_GetsTheEventsItAskedFor_OnItsDesk(string type, long? endpointDesk, long claimDesk, bool wanted) =>
        Assert.Equal(wanted, WebhookEvents.Wants(["claim.created", "claim.state_changed"], endpointDesk, type, claimDesk));

    [Fact]
    public void StoredEvents_AreKnownDistinctAndInOrder() =>
        Assert.Equal("claim.created claim.escalated", WebhookEvents.Store(["claim.escalated", "claim.created", "claim.created", "nonsense"]));

    private static ChatEvent Event(string type, string statement = "ISIS says it captured two Russian soldiers", string? previous = null, string? assignee = null, string? overdue = null) =>
        new(type, 12, statement, "denied", previous, "urgent", "Security", "eddie@newsroom.test", assignee, overdue, "https://verify.example/claims/12");

    [Theory]
    [InlineData("claim.created", "New urgent claim on Security (denied)")]
    [InlineData("claim.state_changed", "Now denied (was unverified) on Security")]
    [InlineData("claim.published", "Published on the status page (denied) on Security")]
    [InlineData("claim.unpublished", "Taken off the status page (denied) on Security")]
    [InlineData("claim.assigned", "Assigned to ana@newsroom.test (denied) on Security")]
    public void ChatLine_SaysWhatHappened_TheStatement_WhoAndWhere(string type, string what) =>
        Assert.Equal(
            $"{what}: “ISIS says it captured two Russian soldiers” by eddie@newsroom.test · #12 https://verify.example/claims/12",
            ChatMessage.Text(Event(type, previous: "unverified", assignee: "ana@newsroom.test")));

    [Fact]
    public void ChatLine_ForAnEscalation_SaysHowOverdue_AndNamesNoActor() =>
        Assert.Equal(
            "Escalated to the Security desk lead, overdue by 3 h (denied): “ISIS says it captured two Russian soldiers” · #12 https://verify.example/claims/12",
            ChatMessage.Text(Event("claim.escalated", overdue: "3 h")));

    [Fact]
    public void ChatLine_EscapesSlacksControlCharacters_AndBreaksMentions()
    {
        var text = ChatMessage.Text(Event("claim.created", "Tom & Jerry <!channel> @here say\nso"));

        Assert.Contains("“Tom &amp; Jerry &lt;!channel&gt; @\u200Bhere say so”", text);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void ChatLine_CutsALongStatement()
    {
        var text = ChatMessage.Text(Event("claim.created", new string('x', 400)));

        Assert.Contains($"“{new string('x', ChatMessage.StatementMax - 1)}…”", text);
    }
}
