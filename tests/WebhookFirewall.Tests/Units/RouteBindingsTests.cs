using WebhookFirewall.Configuration;
using Yarp.ReverseProxy.Configuration;
using static WebhookFirewall.Tests.Units.ModelBuilders;

namespace WebhookFirewall.Tests.Units;

/// <summary>A route finds its binding by its id and the revision stamped into it, whatever object carries them.</summary>
public sealed class RouteBindingsTests
{
    private readonly RouteBindings _bindings = new();

    [Fact]
    public void A_copy_of_a_stamped_route_finds_the_binding_of_its_revision()
    {
        _bindings.Propose(Snapshot("1", "gh"));
        _bindings.Apply(_bindings.UnderValidation!);
        var stamped = RouteMetadata.Stamp(Route("gh"), "1");

        // What an IProxyConfigFilter does: a new route object with the same metadata.
        var copy = stamped with { Order = 5 };

        Assert.Equal("1", _bindings.Find(copy)?.Revision);
        Assert.Equal("gh", _bindings.Find(copy)?.RouteId);
    }

    [Fact]
    public void A_route_without_a_revision_or_with_an_unknown_one_finds_nothing()
    {
        _bindings.Apply(Snapshot("1", "gh"));

        Assert.Null(_bindings.Find(Route("gh")));
        Assert.Null(_bindings.Find(RouteMetadata.Stamp(Route("gh"), "7")));
        Assert.Null(_bindings.Find(RouteMetadata.Stamp(Route("other"), "1")));
    }

    [Fact]
    public void A_proposed_snapshot_is_found_while_it_is_validated_and_forgotten_when_refused()
    {
        _bindings.Apply(Snapshot("1", "gh"));
        var proposed = Snapshot("2", "gh");
        _bindings.Propose(proposed);
        var route = RouteMetadata.Stamp(Route("gh"), "2");

        Assert.Same(proposed, _bindings.UnderValidation);
        Assert.NotNull(_bindings.Find(route));

        _bindings.Refuse(proposed);

        Assert.Null(_bindings.Find(route));
        Assert.Equal("1", _bindings.UnderValidation?.Revision);
        Assert.Equal("1", _bindings.Current?.Revision);
    }

    [Fact]
    public void Requests_matched_just_before_a_reload_still_find_their_revision_and_old_ones_are_let_go()
    {
        for (var revision = 1; revision <= 4; revision++)
        {
            _bindings.Apply(Snapshot(revision.ToString(System.Globalization.CultureInfo.InvariantCulture), "gh"));
        }

        Assert.Equal("4", _bindings.Current?.Revision);
        Assert.NotNull(_bindings.Find(RouteMetadata.Stamp(Route("gh"), "3")));
        Assert.NotNull(_bindings.Find(RouteMetadata.Stamp(Route("gh"), "2")));
        Assert.Null(_bindings.Find(RouteMetadata.Stamp(Route("gh"), "1")));
    }

    [Fact]
    public void Stamping_moves_the_rate_limiter_policy_off_the_route_and_keeps_its_metadata()
    {
        var route = Route("gh") with
        {
            RateLimiterPolicy = "webhooks",
            Metadata = new Dictionary<string, string> { [RouteMetadata.WebhookPolicy] = "github" },
        };

        var stamped = RouteMetadata.Stamp(route, "9");

        Assert.Null(stamped.RateLimiterPolicy);
        Assert.Equal("github", RouteMetadata.Read(stamped, "webhookpolicy"));
        Assert.Equal("9", RouteMetadata.Read(stamped, RouteMetadata.Revision));
        Assert.Null(RouteMetadata.Read(route, RouteMetadata.Revision));
    }

    private static RouteConfig Route(string id) => new() { RouteId = id, ClusterId = "upstream", Match = new RouteMatch { Path = "/" + id } };
}
