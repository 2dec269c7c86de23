"""The feedback results as JSON: the same selector and scope as the page and the downloads."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import (
    ApiViewSet,
    choice_field,
    choice_param,
    responses,
    text_field,
    uuid_param,
)
from restorative.people.models import Service, Staff, Team
from restorative.practice.models import MeetingType

from ..models import Survey
from ..models.surveys import QuestionKind, RespondentKind, Theme
from ..surveys import permissions, selectors, services


class FeedbackFigureSerializer(serializers.Serializer[Any]):
    # A field named like Field.label; DRF takes declared fields off the class.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="What the figure is for: a theme, month, team…"
    )
    count = serializers.IntegerField(help_text="Responses (or answers, for themes and questions)")
    score = serializers.FloatField(
        allow_null=True, help_text="Mean score out of 100; null when nothing was scored"
    )


class FeedbackResultsSerializer(serializers.Serializer[Any]):
    invited = serializers.IntegerField()
    responded = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True, help_text="Per cent answered")
    themes = FeedbackFigureSerializer(many=True)
    questions = FeedbackFigureSerializer(many=True)
    experience = FeedbackFigureSerializer(many=True, help_text="How many said WITH, TO, FOR or NOT")
    by_month = FeedbackFigureSerializer(many=True)
    by_team = FeedbackFigureSerializer(many=True)
    by_service = FeedbackFigureSerializer(many=True)
    by_meeting_type = FeedbackFigureSerializer(many=True)
    by_respondent = FeedbackFigureSerializer(many=True)


class FeedbackCommentSerializer(serializers.Serializer[Any]):
    words = serializers.CharField(help_text="Exactly as written (never run through a checker)")
    question = serializers.CharField(help_text="The question, in the words it was answered")
    survey = serializers.CharField()
    respondent_kind = serializers.ChoiceField(choices=RespondentKind.choices)
    team = serializers.CharField()
    month = serializers.DateField(help_text="The first day of the month it was given")


class FeedbackCommentsSerializer(serializers.Serializer[Any]):
    comments = FeedbackCommentSerializer(many=True)
    next = serializers.IntegerField(
        allow_null=True, help_text="Pass as `after` for older comments; null on the last page"
    )


# The results' filters, as `FeedbackResultsViewSet._filter` reads them: the results and
# their comments take the same ones.
RESULTS_FILTERS = [
    OpenApiParameter("survey", OpenApiTypes.STR, description="A survey's code"),
    OpenApiParameter("team", OpenApiTypes.UUID, description="A team's UUID"),
    OpenApiParameter("service", OpenApiTypes.UUID, description="A service's UUID"),
    OpenApiParameter("meeting_type", OpenApiTypes.STR, enum=MeetingType.values),
    OpenApiParameter("respondent_kind", OpenApiTypes.STR, enum=RespondentKind.values),
]


def _pk(model: Any, value: Any) -> int | None:
    if value is None:
        return None
    found = model.objects.filter(uuid=value).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound()
    return int(found)


class FeedbackResultsViewSet(ApiViewSet):
    serializer_class = FeedbackResultsSerializer
    pagination_class = None

    @extend_schema(
        summary="What children, families and partners said: the feedback results",
        description="Response rate, scores out of 100 per theme and question, the WITH/TO/FOR/"
        "NOT split, and figures by month, team, service, meeting type and who answered, for the "
        "teams in your reach: team managers their team, heads of service their service, the "
        "director and quality assurance the organisation. 404 for everyone else.",
        parameters=RESULTS_FILTERS,
        responses=responses(FeedbackResultsSerializer, 400, 404),
    )
    def results(self, request: Request) -> Response:
        f = self._filter(request)
        data = selectors.results(request.user, f)
        body = {**data.__dict__, "response_rate": data.response_rate}
        return Response(FeedbackResultsSerializer(body).data)

    def _filter(self, request: Request) -> selectors.ResultsFilter:
        """The results' filters from the query, for the results and their comments (404
        for anyone the results are not for)."""
        if not permissions.can_view_results(request.user):
            raise NotFound()
        return selectors.ResultsFilter(
            survey=str(request.query_params.get("survey", ""))[:40],
            team=_pk(Team, uuid_param(request, "team", "Team")),
            service=_pk(Service, uuid_param(request, "service", "Service")),
            meeting_type=choice_param(request, "meeting_type", "Meeting type", MeetingType.values),
            respondent_kind=choice_param(
                request, "respondent_kind", "Who answered", RespondentKind.values
            ),
        )

    @extend_schema(
        summary="Comments: the free-text answers you may read, newest first, 20 a page",
        description="The same comments, under the same rules, as the results page: a family's "
        "words for their team manager and quality assurance, and for their worker only if the "
        "person agreed; a partner's for the meeting's chair and their manager. No names or case "
        "references; each comment returned is written to the family's access trail. Pass "
        "`after` (the `next` value) for the next page. 404 for anyone the results are not for.",
        parameters=[
            *RESULTS_FILTERS,
            OpenApiParameter("after", OpenApiTypes.INT, description="The `next` of a page"),
        ],
        responses=responses(FeedbackCommentsSerializer, 400, 404),
    )
    def comments(self, request: Request) -> Response:
        f = self._filter(request)
        raw = str(request.query_params.get("after", ""))
        if raw and not (raw.isdigit() and len(raw) < 19):
            raise ValidationError({"after": ["Give the `next` value of the page before"]})
        page = selectors.comments(request.user, f, after=int(raw) if raw else None)
        services.survey_comments_read_record(
            actor=cast(Staff, request.user), comments=page.comments, request=request, channel="api"
        )
        body = {
            "comments": [
                {
                    "words": c.words,
                    "question": c.question,
                    "survey": c.survey,
                    "respondent_kind": c.respondent_kind,
                    "team": c.team,
                    "month": c.month,
                }
                for c in page.comments
            ],
            "next": page.next_cursor,
        }
        return Response(FeedbackCommentsSerializer(body).data)


# Surveys as data -----------------------------------------------------------------------------


class SurveyQuestionSerializer(serializers.Serializer[Any]):
    kind = choice_field(QuestionKind.choices, "Kind")
    theme = choice_field(Theme.choices, "Theme")
    text = text_field("The question", max_length=300, required=True)
    hint = text_field("Hint", max_length=300)
    choices = serializers.ListField(
        child=serializers.ListField(
            child=serializers.CharField(max_length=200), min_length=2, max_length=2
        ),
        required=False,
        default=list,
        help_text="For choose-one (and faces): [value, words] pairs",
    )
    # Named like Field.required; DRF takes declared fields off the class.
    required = serializers.BooleanField(required=False, default=False)  # type: ignore[assignment]


class SurveyVersionSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField(read_only=True)
    introduction = text_field("Introduction", max_length=2000)
    questions = SurveyQuestionSerializer(many=True)


class FeedbackSurveySerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    audience = serializers.CharField()
    current = SurveyVersionSerializer(allow_null=True)


def _survey_data(survey: Survey) -> dict[str, Any]:
    version = survey.versions.filter(is_current=True).first()
    current = None
    if version is not None:
        current = {
            "number": version.number,
            "introduction": version.introduction,
            "questions": services.stored_questions(version),
        }
    return {
        "code": survey.code,
        "name": survey.name,
        "audience": survey.audience,
        "current": current,
    }


class SurveyViewSet(ApiViewSet):
    serializer_class = FeedbackSurveySerializer
    pagination_class = None

    def _survey(self, code: str) -> Survey:
        if not permissions.can_change_surveys(self.request.user):
            raise NotFound()
        survey = Survey.objects.filter(code=code).first()
        if survey is None:
            raise NotFound()
        return survey

    @extend_schema(
        summary="The feedback surveys and their current questions (quality assurance)",
        responses=responses(FeedbackSurveySerializer(many=True), 404),
    )
    def list(self, request: Request) -> Response:
        if not permissions.can_change_surveys(request.user):
            raise NotFound()
        surveys = Survey.objects.prefetch_related("versions__questions").order_by("name")
        return Response(
            FeedbackSurveySerializer([_survey_data(s) for s in surveys], many=True).data
        )

    @extend_schema(
        summary="Give a survey new questions (quality assurance)",
        description="A survey already sent to anyone gets a new version; answers keep the "
        "version they were given. A version nobody has been sent yet is changed in place. "
        "A survey needs at least one question: 400 otherwise, and nothing is saved.",
        request=SurveyVersionSerializer,
        responses=responses(FeedbackSurveySerializer, 400, 404),
    )
    def publish(self, request: Request, code: str) -> Response:
        survey = self._survey(code)
        data = self.validated(SurveyVersionSerializer)
        services.survey_version_publish(
            survey=survey, questions=data["questions"], introduction=data["introduction"]
        )
        return Response(FeedbackSurveySerializer(_survey_data(survey)).data)
