using Dnscert.Coordination.Routing;
using Dnscert.Coordination.Stakeholders;
using Dnscert.Core.Store;

namespace Dnscert.UnitTests.Coordination;

public sealed class RoutingTests
{
    private static readonly StakeholderRouter s_router = new(
        StakeholderDirectory.Sample(),
        new Dictionary<string, string> { ["lame-delegation.test"] = "9001", ["example.fr"] = "9002" });

    [Fact]
    public void A_lab_zone_goes_to_the_test_registry_and_its_registrar_with_reasons()
    {
        var routes = s_router.RouteFor(new Subject(SubjectKind.Zone, "Lame-Delegation.test."));
        Assert.Equal(
            [new Route("registry-test", "Test Names Registry (fictional)", "TLD registry for .test by suffix"),
             new Route("registrar-alpha", "Alpha Domains SARL (fictional)", "registrar of lame-delegation.test (registrar id 9001)")],
            routes);
    }

    [Fact]
    public void A_name_server_goes_to_its_dns_operator_by_host_suffix()
    {
        var routes = s_router.RouteFor(new Subject(SubjectKind.NameServer, "ns1.switchable.test"));
        Assert.Equal("lab-hosting", Assert.Single(routes).StakeholderId);
        Assert.Equal("DNS operator by name-server suffix switchable.test", routes[0].Reason);
    }

    [Fact]
    public void An_address_goes_to_the_network_operator_by_prefix()
    {
        Assert.Equal("network operator by prefix 192.0.2.0/24", Assert.Single(s_router.RouteFor(new Subject(SubjectKind.IpAddress, "192.0.2.53"))).Reason);
        Assert.Equal("resolver-coop", Assert.Single(s_router.RouteFor(new Subject(SubjectKind.IpAddress, "2001:db8::1"))).StakeholderId);
        Assert.Empty(s_router.RouteFor(new Subject(SubjectKind.IpAddress, "203.0.113.1")));
    }

    [Fact]
    public void A_country_code_domain_reaches_the_national_cert_and_a_url_is_routed_by_host()
    {
        var routes = s_router.RouteFor(new Subject(SubjectKind.Url, "https://www.example.fr/login"));
        Assert.Contains(routes, r => r is { StakeholderId: "cert-hexagone", Reason: "national CERT by domain suffix fr" });
        Assert.Contains(routes, r => r is { StakeholderId: "registrar-beta", Reason: "registrar of example.fr (registrar id 9002)" });
        Assert.Single(routes, r => r.StakeholderId == "cert-hexagone");
    }
}
