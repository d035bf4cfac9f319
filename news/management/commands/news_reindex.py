from django.core.management.base import BaseCommand

from news.images import make_renditions
from news.models import Article


class Command(BaseCommand):
    help = (
        "Tính lại văn bản tìm kiếm (không dấu) của mọi bài viết và tạo lại ảnh thu nhỏ còn thiếu "
        "(--renditions: tạo lại tất cả). Chạy lại nhiều lần không sao."
    )

    def add_arguments(self, parser):
        parser.add_argument("--renditions", action="store_true",
                            help="Tạo lại ảnh thu nhỏ của mọi bài có ảnh đại diện.")

    def handle(self, *args, **options):
        searched = images = 0
        for article in Article.objects.prefetch_related("tags").iterator(chunk_size=200):
            article.refresh_search_text()
            searched += 1
            if article.cover_image and (options["renditions"] or not article.cover_renditions):
                make_renditions(article)
                images += 1
        self.stdout.write(self.style.SUCCESS(
            f"Đã tính lại tìm kiếm cho {searched} bài, tạo ảnh thu nhỏ cho {images} bài."))
