"""What every Store API view shares: the store's signature, its rate limit, JSON bodies."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import MultiPartParser
from rest_framework.views import APIView

from voc_portal.api.parsers import LimitedJSONParser

from ..authentication import IsStore, StoreSignatureAuthentication
from ..throttling import StoreKeyRateThrottle


class StoreView(APIView):
    authentication_classes = [StoreSignatureAuthentication]
    permission_classes = [IsStore]
    throttle_classes = [StoreKeyRateThrottle]
    parser_classes = [LimitedJSONParser]


class StoreMultipartView(StoreView):
    parser_classes = [LimitedJSONParser, MultiPartParser]


def validated(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def require_json_object(request) -> dict:
    if not isinstance(request.data, dict):
        raise exceptions.ParseError(_("Send a JSON object."))
    return request.data
