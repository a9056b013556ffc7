from vendor_review.cli import main

main()
