"""Admin for the data the organisation maintains: question sets and timescale rules.

Case records (conversations, meetings) are not edited in the admin: every change to them must
go through the services, which check permissions and write the access trail.
"""

from django.contrib import admin

from .models import Question, QuestionSet, TimescaleRule


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("order", "text", "is_active")


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order", "is_active")
    inlines = [QuestionInline]


@admin.register(TimescaleRule)
class TimescaleRuleAdmin(admin.ModelAdmin):
    list_display = ("meeting_type", "trigger", "amount", "unit", "before", "nation", "is_active")
    list_filter = ("is_active", "unit")
