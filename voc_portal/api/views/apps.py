from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from inquiries.selectors import app_list_for_account

from ..schema import errors
from ..serializers.apps import AppSerializer
from .base import MemberAPIView


class AppListView(MemberAPIView):
    @extend_schema(
        operation_id="apps_list",
        summary="The developer account's apps",
        responses={200: AppSerializer(many=True), **errors(401)},
        tags=["apps"],
    )
    def get(self, request):
        return Response(AppSerializer(app_list_for_account(account=self.account), many=True).data)
