from django.contrib import admin

from kosilab.core.admin import AuditedAdmin
from kosilab.impact.models import Indicator, Measurement


class MeasurementInline(admin.TabularInline[Measurement, Indicator]):
    model = Measurement
    extra = 0
    fields = ["measured_on", "value", "source", "note"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["name", "lab", "process", "level", "unit", "target", "target_date", "sdg"]
    list_filter = ["level", "lab"]
    search_fields = ["name"]
    raw_id_fields = ["process", "created_by"]
    inlines = [MeasurementInline]
