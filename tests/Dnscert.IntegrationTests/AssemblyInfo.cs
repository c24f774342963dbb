using Dnscert.IntegrationTests.Infrastructure;

// One lab for the whole run. Tests run one at a time (xunit.runner.json) because some switch
// variants or restart the lab.
[assembly: AssemblyFixture(typeof(LabFixture))]
