"""The action plans' records (004 sections 9.2, 16.2, 17.1; 002 section 10): a plan from one
source (a rapid review, an LCSPR, a learning review, a Learning and Development group route,
a national review, a thematic or audit piece), its actions, each owned by one agency with a
named lead and a due date, the owning agency's progress updates, the escalations of what is
overdue and the chief officer's requests for more time. The plan's and the actions' state
fields are declared to the workflow in workflow.py; the other records are rows their
transitions write. Other parts' records are named by label, never imported: the action plans
sit below the rapid review and the LCSPR."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

__all__ = ["Action", "ActionAudit", "ActionEscalation", "ActionPlan", "ActionUpdate",
           "ExtensionRequest"]

SHORT = 200
LONG = 10_000


class ActionPlan(models.Model):
    """The improvement actions from one source, determined and approved by the Learning and
    Development group (004 section 16.2)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Source(models.TextChoices):
        RAPID_REVIEW = "rapid_review", "A rapid review's immediate safety actions"
        LCSPR = "lcspr", "A local child safeguarding practice review"
        MULTI_AGENCY_LEARNING = "multi_agency_learning", "A multi-agency learning review"
        SINGLE_AGENCY_LEARNING = "single_agency_learning", "A single-agency learning review"
        LEARNING_GROUP_ROUTE = "learning_group_route", (
            "A Learning and Development group route")
        NATIONAL_REVIEW = "national_review", "A national review's findings"
        THEMATIC = "thematic", "A thematic review or audit"

    class Scope(models.TextChoices):
        # 002 section 10: single-agency and multi-agency action plans.
        MULTI_AGENCY = "multi_agency", "Multi-agency"
        SINGLE_AGENCY = "single_agency", "Single-agency"

    # Sources that belong to a case: the plan's clocks run with the case's.
    CASE_SOURCES = (Source.RAPID_REVIEW, Source.LCSPR, Source.MULTI_AGENCY_LEARNING,
                    Source.SINGLE_AGENCY_LEARNING, Source.LEARNING_GROUP_ROUTE)

    source = models.CharField(max_length=32, choices=Source.choices)
    scope = models.CharField(max_length=16, choices=Scope.choices,
                             default=Scope.MULTI_AGENCY)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    title = models.CharField("what the plan is for", max_length=SHORT)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="action_plans")
    rapid_review = models.OneToOneField("reviews.RapidReview", on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="action_plan")
    lcspr = models.OneToOneField("reviews.Lcspr", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="action_plan")
    single_agency = models.ForeignKey("safeguarding.Agency", on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")
    created_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField(max_length=LONG, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("action_plans:plan", args=[self.pk])


class Action(models.Model):
    """One improvement action: what is to be done, the recommendation it answers, the owning
    agency and its named lead, the due date and how success is measured. Done only when the
    Learning and Development group accepts the evidence (004 section 16.2); or not to be
    implemented, with the reason the annual report shows (004 section 18.1). The original due
    date is kept: an extension agreed moves ``due_on`` only."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed: evidence to be accepted"
        EVIDENCE_ACCEPTED = "evidence_accepted", "Evidence accepted"
        NOT_IMPLEMENTED = "not_implemented", "Not to be implemented"

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    number = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.PROPOSED)
    action = models.TextField("what is to be done", max_length=LONG)
    recommendation = models.TextField("the recommendation it answers", max_length=LONG,
                                      blank=True)
    report_recommendation = models.ForeignKey(
        "reviews.ReportRecommendation", on_delete=models.PROTECT, null=True, blank=True,
        related_name="actions")
    # An immediate safety action the rapid review panel set (its outcome page writes them).
    review = models.ForeignKey("reviews.RapidReview", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="immediate_actions")
    owner_agency = models.ForeignKey("safeguarding.Agency", on_delete=models.PROTECT,
                                     related_name="owned_actions")
    lead = models.CharField("the named lead", max_length=SHORT, blank=True)
    success_measure = models.TextField("how success will be measured", max_length=LONG,
                                       blank=True)
    due_on = models.DateField()
    original_due_on = models.DateField(null=True, blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    evidence_accepted_on = models.DateField(null=True, blank=True)
    not_implemented_reason = models.TextField("why it is not to be implemented",
                                              max_length=LONG, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "number", "pk"]

    def __str__(self) -> str:
        return f"Action {self.number}" if self.number else "Action"

    def save(self, *args, **kwargs) -> None:
        if self.original_due_on is None:
            self.original_due_on = self.due_on
        if not self.number and self.plan_id:
            self.number = (Action.objects.filter(plan_id=self.plan_id).aggregate(
                models.Max("number"))["number__max"] or 0) + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("action_plans:action", args=[self.pk])

    @property
    def extended(self) -> bool:
        return self.original_due_on is not None and self.due_on != self.original_due_on


class ActionUpdate(models.Model):
    """The owning agency's progress on an action: dated words, with a document as evidence
    when there is one (kept with the case, as every document is)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField("the date of the update")
    text = models.TextField("the progress made", max_length=LONG)
    document = models.ForeignKey("cases.Document", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    is_evidence = models.BooleanField(default=False)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["written_on", "pk"]

    def __str__(self) -> str:
        return f"Update on {self.written_on}"


class ActionEscalation(models.Model):
    """An overdue action escalated to the owning agency's head of service (3 months beyond
    the deadline) or chief officer (6 months), and the response they gave: what will be done
    to complete it (004 section 16.2). Made once per stage and due date by the sweep."""

    class Stage(models.TextChoices):
        HEAD_OF_SERVICE = "head_of_service", "Head of service (3 months overdue)"
        CHIEF_OFFICER = "chief_officer", "Chief officer (6 months overdue)"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="escalations")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    counted_from = models.DateField("the due date it counts from")
    escalated_on = models.DateField()
    to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                           blank=True, related_name="+")
    response = models.TextField("their response: what will be done", max_length=LONG,
                                blank=True)
    responded_on = models.DateField(null=True, blank=True)
    response_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                             on_delete=models.PROTECT, null=True, blank=True,
                                             related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["escalated_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["action", "stage", "counted_from"],
                                               name="one_escalation_per_stage_and_due_date")]

    def __str__(self) -> str:
        return f"Escalated to the {self.get_stage_display().lower()}"


class ExtensionRequest(models.Model):
    """The chief officer's request, in exceptional circumstances, for a later due date, and
    the Learning and Development group's decision (004 section 16.2)."""

    class Decision(models.TextChoices):
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="extensions")
    requested_on = models.DateField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    reason = models.TextField("the exceptional circumstances", max_length=LONG)
    new_due_on = models.DateField("the new due date asked for")
    due_on_before = models.DateField()
    outcome = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decision_reason = models.TextField(max_length=LONG, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_on", "pk"]

    def __str__(self) -> str:
        return f"Extension to {self.new_due_on} asked on {self.requested_on}"


class ActionAudit(models.Model):
    """A later audit of an action's implementation the Learning and Development group asks
    for (004 section 17.1: "regularly audit progress on the implementation of recommended
    improvements"): what is to be checked, when and by whom, and what it found. Assured, the
    change is embedded; not assured, the action is reopened with a new due date."""

    class Outcome(models.TextChoices):
        ASSURED = "assured", "Assured: the change is embedded"
        NOT_ASSURED = "not_assured", "Not assured: the action is reopened"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="audits")
    what = models.TextField("what is to be checked", max_length=LONG)
    due_on = models.DateField("the date of the audit")
    by_whom = models.CharField("by whom: the person or team", max_length=SHORT)
    by_agency = models.ForeignKey("safeguarding.Agency", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")
    required_on = models.DateField()
    required_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    found_on = models.DateField(null=True, blank=True)
    finding = models.TextField("what it found", max_length=LONG, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["required_on", "pk"]

    def __str__(self) -> str:
        return f"Audit due {self.due_on}"

    @property
    def assured(self) -> bool:
        return self.outcome == self.Outcome.ASSURED
