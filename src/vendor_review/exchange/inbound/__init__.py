"""Files that come from outside, bounded before they are parsed (DESIGN §8): vendor
inventories and returned questionnaire workbooks."""
