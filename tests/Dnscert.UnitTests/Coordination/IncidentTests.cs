using Dnscert.Coordination.Incidents;
using Dnscert.Core;
using Dnscert.Core.Store;

namespace Dnscert.UnitTests.Coordination;

public sealed class IncidentTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 29, 1, 0, 0, TimeSpan.Zero);

    private static Incident NewIncident(Tlp tlp = Tlp.Amber) =>
        Incident.Open(Guid.CreateVersion7(s_now), "Lame delegation of example.test", "infra.lame-delegation", new Subject(SubjectKind.Zone, "example.test"), Severity.Error, tlp, "alice", s_now);

    [Fact]
    public void The_full_life_cycle_is_recorded_in_the_timeline_in_order()
    {
        var incident = NewIncident();
        var states = new[] { IncidentState.Triaged, IncidentState.Notified, IncidentState.Acknowledged, IncidentState.Mitigated, IncidentState.Closed };
        for (var i = 0; i < states.Length; i++)
        {
            incident.Transition(states[i], "alice", s_now.AddMinutes(i + 1));
        }

        Assert.Equal(IncidentState.Closed, incident.State);
        Assert.Equal(6, incident.Timeline.Count);
        Assert.Equal(TimelineEntryKind.Opened, incident.Timeline[0].Kind);
        Assert.Equal("moved mitigated → closed", incident.Timeline[^1].Text);
        Assert.Equal(s_now.AddMinutes(5), incident.UpdatedAt);
    }

    [Theory]
    [InlineData(IncidentState.New, IncidentState.Closed)]
    [InlineData(IncidentState.New, IncidentState.Notified)]
    [InlineData(IncidentState.Triaged, IncidentState.Mitigated)]
    [InlineData(IncidentState.Mitigated, IncidentState.Rejected)]
    public void An_invalid_transition_throws_and_changes_nothing(IncidentState from, IncidentState to)
    {
        var incident = NewIncident();
        foreach (var step in PathTo(from))
        {
            incident.Transition(step, "alice", s_now);
        }

        var entries = incident.Timeline.Count;
        var e = Assert.Throws<InvalidTransitionException>(() => incident.Transition(to, "alice", s_now));
        Assert.Contains($"from {IncidentStateMachine.Code(from)} to {IncidentStateMachine.Code(to)}", e.Message, StringComparison.Ordinal);
        Assert.Equal(from, incident.State);
        Assert.Equal(entries, incident.Timeline.Count);
    }

    [Fact]
    public void A_closed_or_rejected_incident_can_be_reopened_to_triaged()
    {
        var incident = NewIncident();
        incident.Transition(IncidentState.Rejected, "alice", s_now, "false positive");
        Assert.Contains("false positive", incident.Timeline[^1].Text, StringComparison.Ordinal);
        incident.Transition(IncidentState.Triaged, "bob", s_now.AddHours(1));
        Assert.Equal(IncidentState.Triaged, incident.State);
        Assert.StartsWith("reopened rejected → triaged", incident.Timeline[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_pair_of_states_is_either_allowed_or_refused_by_the_aggregate()
    {
        foreach (var from in Enum.GetValues<IncidentState>())
        {
            foreach (var to in Enum.GetValues<IncidentState>())
            {
                var incident = NewIncident();
                foreach (var step in PathTo(from))
                {
                    incident.Transition(step, "alice", s_now);
                }

                if (IncidentStateMachine.IsAllowed(from, to))
                {
                    incident.Transition(to, "alice", s_now);
                    Assert.Equal(to, incident.State);
                }
                else
                {
                    Assert.Throws<InvalidTransitionException>(() => incident.Transition(to, "alice", s_now));
                }
            }
        }
    }

    [Fact]
    public void Linking_an_observation_raises_severity_and_is_idempotent()
    {
        var incident = NewIncident();
        var observation = new Observation(Guid.CreateVersion7(s_now), incident.Subject, "infra.lame-delegation", Severity.Critical, Tlp.Amber, s_now, s_now, ObservationState.Open, "fp", ["ab"], "all servers lame");
        Assert.True(incident.LinkObservation(observation, "system:correlator", s_now));
        Assert.False(incident.LinkObservation(observation, "system:correlator", s_now));
        Assert.Equal(Severity.Critical, incident.Severity);
        Assert.Equal([observation.Id], incident.ObservationIds);
        Assert.Contains(incident.Timeline, e => e.Kind == TimelineEntryKind.ObservationLinked);
    }

    [Fact]
    public void Stored_form_round_trips_and_keeps_the_timeline()
    {
        var incident = NewIncident(Tlp.Red);
        incident.SetNamedPeople(["carol", "alice", "carol"], "alice", s_now);
        incident.SetRecipients(["registry-test"], "alice", s_now, "TLD registry for .test by suffix");
        incident.Comment("called the registry", "alice", s_now);
        var again = Incident.FromStored(incident.ToStored());
        Assert.Equivalent(incident.ToStored(), again.ToStored(), strict: true);
        Assert.Equal(["alice", "carol"], again.NamedPeople);
        Assert.Equal(4, again.Timeline.Count);
    }

    [Fact]
    public void Empty_or_oversized_text_is_refused()
    {
        var incident = NewIncident();
        Assert.Throws<DnscertException>(() => incident.Comment(" ", "alice", s_now));
        Assert.Throws<DnscertException>(() => incident.Comment(new string('x', Incident.MaxText + 1), "alice", s_now));
        Assert.Throws<DnscertException>(() => Incident.Open(Guid.NewGuid(), "", "infra.lame-delegation", incident.Subject, Severity.Error, Tlp.Clear, "alice", s_now));
    }

    private static IncidentState[] PathTo(IncidentState state) => state switch
    {
        IncidentState.New => [],
        IncidentState.Triaged => [IncidentState.Triaged],
        IncidentState.Notified => [IncidentState.Triaged, IncidentState.Notified],
        IncidentState.Acknowledged => [IncidentState.Triaged, IncidentState.Notified, IncidentState.Acknowledged],
        IncidentState.Mitigated => [IncidentState.Triaged, IncidentState.Notified, IncidentState.Acknowledged, IncidentState.Mitigated],
        IncidentState.Closed => [IncidentState.Triaged, IncidentState.Notified, IncidentState.Acknowledged, IncidentState.Mitigated, IncidentState.Closed],
        IncidentState.Rejected => [IncidentState.Rejected],
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
